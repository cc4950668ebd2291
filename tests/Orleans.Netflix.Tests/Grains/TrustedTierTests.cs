using System.Security.Cryptography;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

/// <summary>
/// The grains behind the front door: a device (an Orleans client without the tier key) calling steering, leases, chunk
/// encodes, registry writes or imports is refused before anything happens; the trusted tier's client may; grains may
/// call them on a device's behalf; unmarked reads stay open.
/// </summary>
[Collection(TrustedTierCollection.Name)]
public sealed class TrustedTierTests(TrustedTierClusterFixture fixture)
{
    private const string Region = "us-east";
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    private static EdgeReport Edge(string edgeId) =>
        new(edgeId, Region, "site-x", "http://127.0.0.1:9", EdgeHealth.Healthy, 0, 0, 1L << 30, 1L << 30, []);

    private ChunkWork Work(string outputPath) =>
        new($"job-{_suffix}", "/nonexistent/source.mp4", new Chunk(0, TimeSpan.Zero, TimeSpan.FromSeconds(2)), new Rendition("360p", 640, 360, 800), 25, outputPath);

    private static TitleRecord Title(string id) =>
        new(id, new TitleMetadata(id, "", 2026, ["Drama"], [], MaturityRating.Age13, TimeSpan.FromMinutes(50)), [], 1);

    private async Task<(string Member, string Title)> PlayableAsync()
    {
        var member = $"m-{_suffix}";
        var title = $"t-{_suffix}";
        await fixture.Client.GetGrain<IMemberGrain>(member).Register(new MemberProfile("Ada", "US", "en", MaturityRating.Age18), PlanTier.Standard, []);
        await PlayableRegion.PrepareAsync(fixture.Client, Region, title);
        return (member, title);
    }

    private static async Task AssertRefused(string method, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<UntrustedCallerException>(call);
        Assert.Equal(method, e.Method);
        Assert.Contains(method, e.Message);
        Assert.Contains("trusted tier key", e.Message);
    }

    [Fact]
    public async Task Device_CallingSteering_IsRefused_AndTheTrustedTierIsServed()
    {
        var (_, title) = await PlayableAsync();
        var request = new SteeringRequest(title, $"s-{_suffix}", Region, "site-x");
        var device = await fixture.ConnectAsync();

        await AssertRefused("ISteeringGrain.Steer", () => device.GetGrain<ISteeringGrain>(Region).Steer(request));

        var steered = await fixture.Client.GetGrain<ISteeringGrain>(Region).Steer(request);
        Assert.NotEmpty(steered.Edges);
    }

    [Fact]
    public async Task Device_TakingAStreamLease_IsRefused_AndHoldsNothing()
    {
        var member = $"m-lease-{_suffix}";
        var device = await fixture.ConnectAsync();

        await AssertRefused("IStreamLeaseGrain.TryAcquire", () => device.GetGrain<IStreamLeaseGrain>(member).TryAcquire("s-device", 4, TimeSpan.FromMinutes(1)));
        await AssertRefused("IStreamLeaseGrain.Active", () => device.GetGrain<IStreamLeaseGrain>(member).Active());

        var leases = fixture.Client.GetGrain<IStreamLeaseGrain>(member);
        Assert.Empty(await leases.Active());
        Assert.True(await leases.TryAcquire("s-trusted", 4, TimeSpan.FromMinutes(1)));
        Assert.Equal(["s-trusted"], await leases.Active());
    }

    [Fact]
    public async Task Device_StartingAChunkEncode_IsRefused_AndTheTrustedTierMayStartOne()
    {
        var work = Work(Path.Combine(fixture.WorkRoot, $"job-{_suffix}", "360p", "chunk-0000.ts"));
        var device = await fixture.ConnectAsync();

        await AssertRefused("IChunkEncodeGrain.Encode", () => device.GetGrain<IChunkEncodeGrain>(work.Key).Encode(work));

        // Accepted: the encode starts off the call (and fails later on the missing source, reported to a job that does not exist).
        await fixture.Client.GetGrain<IChunkEncodeGrain>(work.Key).Encode(work);
    }

    [Fact]
    public async Task Device_WritingTheEdgeRegistry_IsRefused_WhileItsListStaysReadable()
    {
        var edgeId = $"edge-device-{_suffix}";
        var device = await fixture.ConnectAsync();
        var registry = device.GetGrain<IEdgeRegistryGrain>(Region);

        await AssertRefused("IEdgeRegistryGrain.Heartbeat", () => registry.Heartbeat(Edge(edgeId)));
        await AssertRefused("IEdgeRegistryGrain.Deregister", () => registry.Deregister(edgeId));

        Assert.DoesNotContain(await registry.Live(), e => e.Report.EdgeId == edgeId); // Live is unmarked: the device reads it
        await fixture.Client.GetGrain<IEdgeRegistryGrain>(Region).Heartbeat(Edge(edgeId));
        Assert.Contains(await registry.Live(), e => e.Report.EdgeId == edgeId);
        await fixture.Client.GetGrain<IEdgeRegistryGrain>(Region).Deregister(edgeId);
    }

    [Fact]
    public async Task Device_Importing_OrWritingTheCatalog_OrStartingAnIngest_IsRefused_AndNothingIsWritten()
    {
        var id = $"t-import-{_suffix}";
        var device = await fixture.ConnectAsync();

        await AssertRefused("ICatalogImportGrain.ImportTitles", () => device.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportTitles([Title(id)]));
        await AssertRefused("ITitleGrain.Upsert", () => device.GetGrain<ITitleGrain>(id).Upsert(Title(id).Metadata, [], 1));
        await AssertRefused("IIngestJobGrain.Start", () => device.GetGrain<IIngestJobGrain>($"job-{_suffix}").Start(new IngestRequest(id, "/etc/passwd", [], [])));

        Assert.Null(await device.GetGrain<ITitleGrain>(id).Get()); // nothing was written; reads stay open
        Assert.Null(await device.GetGrain<IIngestJobGrain>($"job-{_suffix}").Status());
        Assert.Equal(1, await fixture.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportTitles([Title(id)]));
        Assert.NotNull(await device.GetGrain<ITitleGrain>(id).Get());
    }

    [Fact]
    public async Task Device_PressingPlay_IsServed_ThroughTheSessionGrain_WhichCallsSteeringAndLeasesItself()
    {
        var (member, title) = await PlayableAsync();
        var device = await fixture.ConnectAsync();
        var session = device.GetGrain<IPlaybackSessionGrain>($"s-play-{_suffix}");

        var start = await session.StartPlayback(new PlaybackRequest(member, title, DeviceKind.Tv, Region, "site-x"));

        Assert.Null(start.Refusal);
        Assert.NotEmpty(start.Manifest!.Edges);
        Assert.Equal([session.GetPrimaryKeyString()], await fixture.Client.GetGrain<IStreamLeaseGrain>(member).Active());
        await session.StopPlayback(TimeSpan.FromSeconds(10), null);
    }

    [Fact]
    public async Task Client_SigningWithAnotherKey_IsRefused()
    {
        var (_, title) = await PlayableAsync();
        var impostor = await fixture.ConnectAsync(TierKey.FromBytes(RandomNumberGenerator.GetBytes(32)));

        await AssertRefused("ISteeringGrain.Steer", () => impostor.GetGrain<ISteeringGrain>(Region).Steer(new SteeringRequest(title, $"s-{_suffix}", Region, "site-x")));
        await AssertRefused("IEdgeRegistryGrain.Heartbeat", () => impostor.GetGrain<IEdgeRegistryGrain>(Region).Heartbeat(Edge($"edge-impostor-{_suffix}")));
        Assert.DoesNotContain(await impostor.GetGrain<IEdgeRegistryGrain>(Region).Live(), e => e.Report.EdgeId == $"edge-impostor-{_suffix}");
    }

    [Fact]
    public async Task Client_WithItsOwnConnection_AndTheTierKey_IsServed()
    {
        var trusted = await fixture.ConnectAsync(TierKey.FromSetting(null)); // the development key file, as the silos read it
        var edgeId = $"edge-own-{_suffix}";

        await trusted.GetGrain<IEdgeRegistryGrain>(Region).Heartbeat(Edge(edgeId));

        Assert.Contains(await trusted.GetGrain<IEdgeRegistryGrain>(Region).Live(), e => e.Report.EdgeId == edgeId);
        await trusted.GetGrain<IEdgeRegistryGrain>(Region).Deregister(edgeId);
    }

    [Fact]
    public async Task Device_PuttingACredentialInItsRequestContext_IsRefused_UnlessItVerifiesForThatCall()
    {
        var edgeId = $"edge-ride-{_suffix}";
        var device = await fixture.ConnectAsync();
        var registry = device.GetGrain<IEdgeRegistryGrain>(Region);
        var tier = new TrustedTierCredential(TierKey.FromSetting(null));
        var stale = new TrustedTierCredential(TierKey.FromSetting(null), new FixedTime(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)));
        var registryId = registry.GetGrainId();

        // Seen on the wire and replayed: the right key, but made for another grain, another method, or too long ago.
        string[] forged =
        [
            "v1.0.AAAA",
            tier.Sign(device.GetGrain<IEdgeRegistryGrain>("us-west").GetGrainId(), "IEdgeRegistryGrain.Heartbeat"),
            tier.Sign(registryId, "IEdgeRegistryGrain.Deregister"),
            stale.Sign(registryId, "IEdgeRegistryGrain.Heartbeat"),
        ];
        foreach (var credential in forged)
        {
            RequestContext.Set(TrustedTierCredential.ContextKey, credential);
            try
            {
                await AssertRefused("IEdgeRegistryGrain.Heartbeat", () => registry.Heartbeat(Edge(edgeId)));
            }
            finally
            {
                RequestContext.Remove(TrustedTierCredential.ContextKey);
            }
        }
        Assert.DoesNotContain(await registry.Live(), e => e.Report.EdgeId == edgeId);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
