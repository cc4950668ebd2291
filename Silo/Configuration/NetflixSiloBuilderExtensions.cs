using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using System.Net;
using Orleans.Configuration;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Catalog;
using Orleans.Netflix.Grains.Cdn;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Grains.Personalization;
using Orleans.Netflix.Grains.Personalization.Browse;
using Orleans.Netflix.Grains.Playback;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Grains.Telemetry;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Origin;
using Orleans.Netflix.Silo.Replication;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Netflix.Silo.Configuration;

public static class NetflixSiloBuilderExtensions
{
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>
    /// Everything a silo of our service needs: cluster identity, endpoints, clustering, storage and
    /// reminders (PostgreSQL through ADO.NET, or localhost + in-memory), the trusted tier, key validation,
    /// and the region's origin server when it has a port (announced in the region's database for other regions' copiers).
    /// The test clusters call this too, so tests run the production configuration.
    /// </summary>
    public static ISiloBuilder AddNetflixSilo(this ISiloBuilder silo, SiloSettings settings, SiloHosting hosting = SiloHosting.Standalone)
    {
        var standalone = hosting == SiloHosting.Standalone;
        // The regions of this silo's configuration (the shipped region-defaults.json under it), injected into grains and services.
        var regions = NetflixRegions.From(silo.Configuration);
        silo.Services.AddNetflixRegions(silo.Configuration, regions);
        if (standalone)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = RegionDirectory.ServiceId;
            });
        }

        if (settings.ConnectionString is { } connectionString)
        {
            if (standalone) silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(StorageNames.Store, o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, options => options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
            silo.AddNetflixReplication(regions, settings.Region.Name, connectionString);
        }
        else
        {
            if (standalone)
            {
                var primary = settings.Instance == 0 ? null : new IPEndPoint(IPAddress.Loopback, settings.PrimarySiloPort);
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, primary, RegionDirectory.ServiceId, settings.ClusterId);
            }
            silo.AddMemoryGrainStorage(StorageNames.Store);
            silo.AddMemoryGrainStorage(StorageNames.ReplicatedStore); // one region alone: nothing to replicate to
            silo.UseInMemoryReminderService();
            silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, options => options.Configure<Serializer>((o, serializer) =>
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
        }

        // Analytics events (impressions, plays, QoE) travel on memory streams to the partition grains, which write them
        // to the log in batches. Stream subscriptions are kept in "PubSubStore", above. Each of the provider's queues has a
        // pulling agent that asks its queue grain for messages on a timer, busy or not: Orleans' 100 ms made an idle silo
        // wake 80 times a second for its 8 queues (2.4 CPU s a minute on 2 cores). An agent that finds messages keeps
        // reading, so the period only adds up to that much latency to an analytics event, which nobody waits for.
        silo.AddMemoryStreams(AnalyticsStreams.Provider, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure<IOptions<AnalyticsOptions>>((o, analytics) => o.GetQueueMsgsTimerPeriod = analytics.Value.StreamPollEvery)));
        silo.Services.AddNetflixAnalytics(silo.Configuration, settings.ConnectionString);

        // JSON without .NET type names: stored state survives type renames and moves, and can be read in psql.
        // Not for "PubSubStore" (above), which keeps Orleans' binary serializer: Orleans' pub/sub state types can't be
        // read back by System.Text.Json, so a collected pub/sub grain would fail every reactivation and its stream break.
        silo.UseSystemTextJsonGrainStorageSerializer();
        // A traced call's trace goes on in the grain it reaches and in the calls that grain makes (docs/observability.md),
        // refused calls included (these filters come first). With nothing listening (no OTEL_EXPORTER_OTLP_ENDPOINT) no span is made.
        silo.AddActivityPropagation();
        // The trusted tier: this silo signs the protected calls its own grains make, and refuses protected calls that
        // carry no valid credential (a device calling steering directly), before the key check and any method body.
        silo.Services.AddTrustedTierCredential(silo.Configuration);
        silo.AddIncomingGrainCallFilter<TrustedTierCallFilter>();
        silo.AddIncomingGrainCallFilter<GrainKeyValidationFilter>();
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<SiloMetrics>();
        // A database that does not answer (restarting, unreachable) is one line to the caller, never an exception Orleans
        // cannot send: in calls (this filter) and in the state reads that activate grains (the storage wrapper, last below).
        silo.AddIncomingGrainCallFilter<StorageFailureCallFilter>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        // Stamps member writes (and, with replication, every replicated version; AddNetflixReplication registers it then).
        silo.Services.TryAddSingleton(sp => new HybridLogicalClock(sp.GetRequiredService<TimeProvider>()));
        silo.Services.AddNetflixCatalog(silo.Configuration);
        silo.Services.AddNetflixMedia(silo.Configuration);
        silo.Services.AddNetflixCdn(silo.Configuration);
        silo.Services.AddNetflixPlayback(silo.Configuration);
        silo.Services.AddNetflixPersonalization(silo.Configuration);
        silo.Services.AddNetflixRegion(settings.Region.Name);
        silo.Services.AddNetflixBrowse(silo.Configuration);
        if (settings.OriginPort > 0)
        {
            silo.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<OriginServer>(sp, settings.AdvertisedAddress, settings.OriginPort));
            if (settings.ConnectionString is { } database)
                silo.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<OriginAnnouncer>(sp, settings.OriginUrl!, database));
        }
        silo.Services.AddStorageFailureTranslation(); // after every storage provider above
        return silo;
    }
}

public enum SiloHosting
{
    /// <summary>A silo process of its own: we set cluster identity, endpoints and clustering.</summary>
    Standalone,

    /// <summary>
    /// Inside an Orleans TestCluster, which sets identity and endpoints itself; clustering is ours
    /// only when the settings name a database (the cluster then runs without test membership).
    /// </summary>
    TestCluster,
}
