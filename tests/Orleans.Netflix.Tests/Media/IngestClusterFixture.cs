using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// A two-silo in-memory cluster whose pipeline works in temporary folders, with 2 s segments so short
/// generated sources still make several chunks. Every folder (work, origin, logs, the sources) lies under one
/// whose name starts with a dash and holds spaces and single quotes, so every ingest test also shows such
/// paths work end to end.
/// </summary>
public sealed class IngestClusterFixture : IAsyncLifetime
{
    public string Top { get; } = Path.Combine(Path.GetTempPath(), $"netflix-ingest-{Guid.NewGuid():N}");

    public string Root => Path.Combine(Top, "-studio 'drop' folder");

    public string WorkRoot => Path.Combine(Root, "work");

    public string LogRoot => Path.Combine(Root, "logs");

    public string OriginRoot => Path.Combine(Root, "origin");

    public TestCluster Cluster { get; }

    public IngestClusterFixture()
    {
        var builder = new TestClusterBuilder(2);
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netflix:Ingest:WorkRoot"] = WorkRoot,
            ["Netflix:Ingest:OriginRoot"] = OriginRoot,
            ["Netflix:Ingest:LogRoot"] = LogRoot,
            ["Netflix:Ingest:RedispatchEvery"] = "00:00:05",
            ["Netflix:Ingest:Encoding:Segment"] = "00:00:02",
            ["Netflix:Ingest:Encoding:SegmentsPerChunk"] = "1",
            ["Netflix:Ingest:Encoding:Preset"] = "ultrafast",
            ["Netflix:Ingest:Validation:MinDuration"] = "00:00:01",
        }));
        builder.AddSiloBuilderConfigurator<Configurator>();
        builder.AddClientBuilderConfigurator<TrustedTierClient>();
        Cluster = builder.Build();
    }

    public IClusterClient Client => Cluster.Client;

    public string In(string name) => Path.Combine(Root, "inputs", name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Root, "inputs"));
        await Task.WhenAll(
            FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=6", "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", In("source.mp4")),
            FfmpegTool.RunAsync("-f", "lavfi", "-i", "sine=frequency=660:duration=6", "-c:a", "aac", In("spanish.m4a")),
            FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=20", "-f", "lavfi", "-i", "sine=frequency=440:duration=20",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", In("source-20s.mp4")),
            FfmpegTool.RunAsync("-f", "lavfi", "-i", "sine=frequency=550:duration=20", "-c:a", "aac", In("french-20s.m4a")),
            FfmpegTool.RunAsync("-f", "lavfi", "-i", "color=black:size=320x180:rate=25:duration=8", "-f", "lavfi", "-i", "sine=duration=8",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", In("black.mp4")));
        await File.WriteAllTextAsync(In("english.srt"), "1\n00:00:01,000 --> 00:00:03,000\nHello.\n\n2\n00:00:15,000 --> 00:00:18,000\nThe end.\n");
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(Top, recursive: true);
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddNetflixSilo(TestSiloSettings.InMemory(NetflixRegions.Shipped.Get("us-east")), SiloHosting.TestCluster);
    }
}
