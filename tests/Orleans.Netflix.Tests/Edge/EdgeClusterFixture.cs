using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Media;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Silo.Origin;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>
/// A two-silo us-east cluster with steering keys and a short edge timeout, the region's origin HTTP
/// server over a temporary origin root, and helpers to publish titles (real files plus their index)
/// and to start edges in this process on free ports, talking to the cluster through its client.
/// A fixture built on this one may change the cluster's settings (<paramref name="overrides"/>).
/// </summary>
public class EdgeClusterFixture : IAsyncLifetime
{
    public static readonly SigningKey Key = new("test-1", RandomNumberGenerator.GetBytes(32));
    public static readonly SigningKey NextKey = new("test-2", RandomNumberGenerator.GetBytes(32));
    public static readonly TimeSpan EdgeTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan PlaybackSessionTimeout = TimeSpan.FromSeconds(5);

    private readonly OriginServer _origin;

    // Every edge a test started: one a test leaves running is stopped with the fixture, so its nginx does not outlive the test run.
    private readonly List<RunningEdge> _edges = [];

    public EdgeClusterFixture() : this(new Dictionary<string, string?>())
    {
    }

    protected EdgeClusterFixture(IReadOnlyDictionary<string, string?> overrides)
    {
        Root = Path.Combine(Path.GetTempPath(), $"netflix-edge-tests-{Guid.NewGuid():N}");
        OriginRoot = Path.Combine(Root, "origin");
        var builder = new TestClusterBuilder(2);
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netflix:Ingest:OriginRoot"] = OriginRoot,
            ["Netflix:Cdn:SigningKeys:0:Id"] = Key.Id,
            ["Netflix:Cdn:SigningKeys:0:Secret"] = Convert.ToBase64String(Key.Secret),
            ["Netflix:Cdn:EdgeTimeout"] = EdgeTimeout.ToString(),
            // Abandoned playback sessions lapse within seconds, not the default 45 s.
            ["Netflix:Playback:SessionTimeout"] = PlaybackSessionTimeout.ToString(),
            // Small, fast ingests for the tests that play a really encoded title through an edge.
            ["Netflix:Ingest:WorkRoot"] = Path.Combine(Root, "work"),
            ["Netflix:Ingest:Encoding:Segment"] = "00:00:02",
            ["Netflix:Ingest:Encoding:SegmentsPerChunk"] = "1",
            ["Netflix:Ingest:Encoding:Preset"] = "ultrafast",
            ["Netflix:Ingest:Validation:MinDuration"] = "00:00:01",
        }.Concat(overrides).GroupBy(p => p.Key).Select(g => g.Last())));
        builder.AddSiloBuilderConfigurator<Configurator>();
        builder.AddClientBuilderConfigurator<TrustedTierClient>();
        Cluster = builder.Build();
        OriginPort = FreePort.Next();
        _origin = new OriginServer(IPAddress.Loopback, OriginPort, Options.Create(new IngestOptions { OriginRoot = OriginRoot }),
            TierKey.FromSetting(null), NullLogger<OriginServer>.Instance); // the development tier key file, as the in-process edges read it
    }

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public string Root { get; }

    public string OriginRoot { get; }

    public int OriginPort { get; }

    public string OriginUrl => $"http://127.0.0.1:{OriginPort}/origin/";

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(OriginRoot);
        await Cluster.DeployAsync();
        await _origin.StartAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var edge in _edges) await edge.DisposeAsync();
        await _origin.StopAsync(CancellationToken.None);
        await _origin.DisposeAsync();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Publishes <paramref name="files"/> (paths relative to the title's folder) exactly as a finished
    /// ingest does: written to a staging folder, moved into origin storage and indexed by
    /// <see cref="OriginPublisher"/>, then listed in the title's assets grain.
    /// </summary>
    public async Task<TitleAssets> PublishAsync(string titleId, IReadOnlyDictionary<string, byte[]> files) =>
        await PublishAsync(Client, OriginRoot, titleId, files);

    public static async Task<TitleAssets> PublishAsync(IGrainFactory grains, string originRoot, string titleId, IReadOnlyDictionary<string, byte[]> files)
    {
        const string job = "job-1";
        var staging = OriginPublisher.StagingFolder(originRoot, titleId, job);
        foreach (var (relative, bytes) in files)
        {
            var path = Path.Combine(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes);
        }
        var (folder, indexed) = await OriginPublisher.PublishAsync(originRoot, titleId, job, staging, CancellationToken.None);
        var master = Path.GetRelativePath(originRoot, Path.Combine(folder, "master.m3u8")).Replace('\\', '/');
        var assets = new TitleAssets(titleId, job, master, [], [], [], indexed, DateTimeOffset.UtcNow);
        await grains.GetGrain<ITitleAssetsGrain>(titleId).Publish(assets);
        return assets;
    }

    /// <summary>
    /// A title really encoded by the pipeline: a generated 320x180 source of <paramref name="seconds"/> with a
    /// tone and one English subtitle, ingested on this cluster (2 s segments), Ready and indexed.
    /// </summary>
    /// <param name="size">The source's picture size: 320x180 gives one rendition (144p), 640x360 three (360p, 240p and 144p).</param>
    public async Task<TitleAssets> IngestAsync(string titleId, int seconds = 4, string size = "320x180")
    {
        var inputs = Path.Combine(Root, "inputs");
        Directory.CreateDirectory(inputs);
        var source = Path.Combine(inputs, $"{titleId}.mp4");
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", $"testsrc2=size={size}:rate=25:duration={seconds}", "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", source);
        var srt = Path.Combine(inputs, $"{titleId}.srt");
        await File.WriteAllTextAsync(srt, "1\n00:00:01,000 --> 00:00:03,000\nHello.\n");
        var template = new CatalogGenerator(7).Titles(1)[0];
        await Client.GetGrain<ITitleGrain>(titleId).Upsert(template.Metadata with { Maturity = MaturityRating.Age13, Runtime = TimeSpan.FromSeconds(seconds) }, template.Artwork, 1);

        var job = Client.GetGrain<IIngestJobGrain>($"job-{titleId}");
        var status = await job.Start(new IngestRequest(titleId, source, [new TrackInput("en", source)], [new TrackInput("en", srt)]));
        await Eventually.TrueAsync(async () => (status = (await job.Status())!).Finished, seconds: 180);
        Assert.True(status.Stage == IngestStage.Ready, $"{status.Stage}: {status.Error}");
        return (await Client.GetGrain<ITitleAssetsGrain>(titleId).Get())!;
    }

    /// <summary>A small HLS title: master, one media playlist, init and three segments of random bytes.</summary>
    public static Dictionary<string, byte[]> SampleTitle(int segmentBytes = 50_000) => new()
    {
        ["master.m3u8"] = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nvideo-360p/index.m3u8\n"u8.ToArray(),
        ["video-360p/index.m3u8"] = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:4,\nseg-00000.m4s\n#EXTINF:4,\nseg-00001.m4s\n#EXTINF:4,\nseg-00002.m4s\n#EXT-X-ENDLIST\n"u8.ToArray(),
        ["video-360p/init.mp4"] = RandomNumberGenerator.GetBytes(700),
        ["video-360p/seg-00000.m4s"] = RandomNumberGenerator.GetBytes(segmentBytes),
        ["video-360p/seg-00001.m4s"] = RandomNumberGenerator.GetBytes(segmentBytes),
        ["video-360p/seg-00002.m4s"] = RandomNumberGenerator.GetBytes(segmentBytes),
        ["audio-und-128k/seg-00000.m4s"] = RandomNumberGenerator.GetBytes(4_000),
        ["subs-en/subtitles.vtt"] = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello.\n"u8.ToArray(),
    };

    /// <summary>A token for a title's published folder, signed with <paramref name="key"/> (default: the cluster's key).</summary>
    public static string Token(string titleId, TimeSpan? lifetime = null, SigningKey? key = null, string? prefix = null, string session = "s-1", int maxVideoHeight = 0)
    {
        key ??= Key;
        return PlaybackToken.Sign(new TokenClaims(key.Id, titleId, prefix ?? $"titles/{titleId}/job-1/", session,
            DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1)), maxVideoHeight), key);
    }

    /// <summary>
    /// Starts an edge in this process on a free port, reaching the grains through the cluster's client: nginx in front
    /// of it (<paramref name="dataPlane"/> "nginx", the product's default and so every test's unless it says otherwise),
    /// or Kestrel alone ("kestrel").
    /// </summary>
    public async Task<RunningEdge> StartEdgeAsync(string edgeId, string location = "site-a", long cacheBytes = 64L << 20, string policy = "gdsf",
        IReadOnlyList<string>? originUrls = null, TimeSpan? originTimeout = null, TimeSpan? fillEvery = null, string dataPlane = DataPlanes.Nginx)
    {
        var port = FreePort.Next();
        var cacheRoot = Path.Combine(Root, "edges", edgeId);
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Edge:EdgeId"] = edgeId,
            ["Edge:Region"] = "us-east",
            ["Edge:Location"] = location,
            ["Edge:CacheRoot"] = cacheRoot,
            ["Edge:CacheBytes"] = $"{cacheBytes}",
            ["Edge:CachePolicy"] = policy,
            ["Edge:DataPlane"] = dataPlane,
            ["Edge:HeartbeatEvery"] = "00:00:00.500",
            ["Edge:FillEvery"] = (fillEvery ?? TimeSpan.Zero).ToString(), // off unless a test is about fill
            ["Edge:OriginTimeout"] = (originTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
        };
        var origins = originUrls ?? [OriginUrl];
        for (var i = 0; i < origins.Count; i++) settings[$"Edge:OriginUrls:{i}"] = origins[i];

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Test" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        var keys = new ReloadableConfiguration(RunningEdge.KeySettings(Key, NextKey));
        ((IConfigurationBuilder)builder.Configuration).Add(keys);
        builder.Logging.ClearProviders();
        var app = Orleans.Netflix.EdgeServer.EdgeApp.Build(builder, Client);
        await Orleans.Netflix.EdgeServer.EdgeApp.InitializeAsync(app, CancellationToken.None);
        await app.StartAsync();
        var edge = new RunningEdge(edgeId, $"http://127.0.0.1:{port}", app, keys);
        lock (_edges) _edges.Add(edge);
        return edge;
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddNetflixSilo(TestSiloSettings.InMemory(NetflixRegions.Shipped.Get("us-east")), SiloHosting.TestCluster);
    }
}

/// <summary>An edge started by a test; disposing stops it (a graceful stop deregisters it).</summary>
public sealed class RunningEdge(string edgeId, string baseUrl, WebApplication app, ReloadableConfiguration keys) : IAsyncDisposable
{
    /// <summary>Replaces the edge's signing keys in its configuration, as an operator editing it would (no restart).</summary>
    public void SetSigningKeys(params SigningKey[] active) => keys.Replace(KeySettings(active));

    public static Dictionary<string, string?> KeySettings(params SigningKey[] active)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < active.Length; i++)
        {
            settings[$"Edge:SigningKeys:{i}:Id"] = active[i].Id;
            settings[$"Edge:SigningKeys:{i}:Secret"] = Convert.ToBase64String(active[i].Secret);
        }
        return settings;
    }

    public string EdgeId { get; } = edgeId;

    public string BaseUrl { get; } = baseUrl;

    public WebApplication App { get; } = app;

    public HttpClient Http { get; } = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

    public string Url(string token, string assetPath) => $"/v1/{token}/{assetPath}";

    private int _disposed;

    /// <summary>Stops the edge once; its fixture disposes it again at the end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeClusterFixture>
{
    public const string Name = "edge cluster";
}
