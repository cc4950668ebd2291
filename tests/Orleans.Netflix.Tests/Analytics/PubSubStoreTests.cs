using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.Analytics;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>
/// The stream pub/sub store ("PubSubStore") must read back what it wrote: a pub/sub rendezvous grain that was collected
/// reads its producers and subscriptions on reactivation, and a failed read breaks the analytics stream. Orleans' pub/sub
/// state types (internal) are not made for System.Text.Json, which the silo uses for our own grain state.
/// </summary>
[Collection(AnalyticsClusterCollection.Name)]
public sealed class PubSubStoreTests(AnalyticsClusterFixture fixture)
{
    [Fact]
    public async Task PubSubStore_RoundTripsProducersAndSubscriptions()
    {
        var services = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().First().SiloHost.Services;
        var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);

        // Orleans.Streams.PubSubGrainState and PubSubPublisherState are internal: built by reflection, as the rendezvous grain holds them.
        var assembly = typeof(PubSubSubscriptionState).Assembly;
        var stateType = assembly.GetType("Orleans.Streams.PubSubGrainState", throwOnError: true)!;
        var publisherType = assembly.GetType("Orleans.Streams.PubSubPublisherState", throwOnError: true)!;

        var stream = new QualifiedStreamId(AnalyticsStreams.Provider, StreamId.Create("pubsub-store-test", Guid.NewGuid()));
        var producer = GrainId.Create("producer", Guid.NewGuid().ToString("N"));
        var consumer = GrainId.Create("consumer", Guid.NewGuid().ToString("N"));
        var written = Activator.CreateInstance(stateType)!;
        Add(written, "Producers", Activator.CreateInstance(publisherType, stream, producer)!);
        Add(written, "Consumers", new PubSubSubscriptionState(GuidId.GetNewGuidId(), stream, consumer));

        var grainId = GrainId.Create("pubsubrendezvous", stream.ToString());
        await Call(storage, nameof(IGrainStorage.WriteStateAsync), stateType, grainId, NewGrainState(stateType, written));

        var read = NewGrainState(stateType, Activator.CreateInstance(stateType)!);
        await Call(storage, nameof(IGrainStorage.ReadStateAsync), stateType, grainId, read);

        var state = read.GetType().GetProperty("State")!.GetValue(read)!;
        var producers = Items(state, "Producers");
        var consumers = Items(state, "Consumers").Cast<PubSubSubscriptionState>().ToList();
        var readProducer = Assert.Single(producers);
        Assert.IsType(publisherType, readProducer);
        Assert.Equal(producer, publisherType.GetField("Producer")!.GetValue(readProducer));
        Assert.Equal(stream, Assert.Single(consumers).Stream);
        Assert.Equal(consumer, consumers[0].Consumer);
    }

    private static object NewGrainState(Type stateType, object state) =>
        Activator.CreateInstance(typeof(GrainState<>).MakeGenericType(stateType), state)!;

    private static Task Call(IGrainStorage storage, string method, Type stateType, GrainId grainId, object grainState) =>
        (Task)typeof(IGrainStorage).GetMethods().Single(m => m.Name == method && m.GetParameters().Length == 3).MakeGenericMethod(stateType)
            .Invoke(storage, ["PubSubRendezvousGrain", grainId, grainState])!;

    private static void Add(object state, string property, object item) =>
        state.GetType().GetProperty(property)!.GetValue(state)!.GetType().GetMethod("Add")!
            .Invoke(state.GetType().GetProperty(property)!.GetValue(state), [item]);

    private static List<object> Items(object state, string property) =>
        ((IEnumerable)state.GetType().GetProperty(property)!.GetValue(state)!).Cast<object>().ToList();
}
