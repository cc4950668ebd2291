using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>
/// Ingest on the real deployment path (state, reminders and membership in PostgreSQL) while silos die:
/// a killed silo mid-encode, and the whole cluster stopped mid-encode and started again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IngestReliabilityTests(PostgresFixture fixture) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"netflix-reliability-{Guid.NewGuid():N}");

    private string Source => Path.Combine(_root, "source.mp4");

    private Dictionary<string, string?> Settings => new()
    {
        ["Netflix:Ingest:WorkRoot"] = Path.Combine(_root, "work"),
        ["Netflix:Ingest:OriginRoot"] = Path.Combine(_root, "origin"),
        ["Netflix:Ingest:RedispatchEvery"] = "00:00:03",
        ["Netflix:Ingest:Encoding:Segment"] = "00:00:02",
        ["Netflix:Ingest:Encoding:SegmentsPerChunk"] = "1",
        ["Netflix:Ingest:Encoding:Preset"] = "medium",
        ["Netflix:Ingest:Encoding:MaxConcurrentEncodes"] = "1",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=16", "-f", "lavfi", "-i", "sine=duration=16",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", Source);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ASiloKilledWhileChunksEncode_DelaysTheJob_ButLosesAndDuplicatesNothing()
    {
        var connectionString = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("kill"));
        await using var cluster = await PostgresClusters.StartAsync("us-east", connectionString, silos: 2, Settings);
        var (titleId, job) = await StartJobAsync(cluster, "job-kill");

        await WaitAsync(job, s => s.Stage == IngestStage.Encoding && s.ChunksDone >= 1, TimeSpan.FromMinutes(2));
        await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
        var status = await WaitAsync(job, s => s.Finished, TimeSpan.FromMinutes(4));

        await AssertPublishedOnceAsync(cluster, titleId, status);
    }

    [Fact]
    public async Task TheWholeClusterStoppedMidEncode_ResumesTheJobAfterARestart()
    {
        var connectionString = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("resume"));
        string titleId;
        await using (var first = await PostgresClusters.StartAsync("us-east", connectionString, silos: 1, Settings))
        {
            (titleId, var job) = await StartJobAsync(first, "job-resume");
            await WaitAsync(job, s => s.Stage == IngestStage.Encoding && s.ChunksDone >= 1, TimeSpan.FromMinutes(2));
            await first.StopAllSilosAsync();
        }

        await using var second = await PostgresClusters.StartAsync("us-east", connectionString, silos: 1, Settings);
        var status = await WaitAsync(second.Client.GetGrain<IIngestJobGrain>("job-resume"), s => s.Finished, TimeSpan.FromMinutes(4));

        await AssertPublishedOnceAsync(second, titleId, status);
    }

    private async Task<(string TitleId, IIngestJobGrain Job)> StartJobAsync(TestCluster cluster, string jobId)
    {
        var titleId = $"t-{jobId}";
        var template = new CatalogGenerator(9).Titles(1)[0];
        await cluster.Client.GetGrain<ITitleGrain>(titleId).Upsert(template.Metadata, template.Artwork, 1);
        var job = cluster.Client.GetGrain<IIngestJobGrain>(jobId);
        await job.Start(new IngestRequest(titleId, Source, [], []));
        return (titleId, job);
    }

    private static async Task AssertPublishedOnceAsync(TestCluster cluster, string titleId, IngestStatus status)
    {
        Assert.True(status.Stage == IngestStage.Ready, $"{status.Stage}: {status.Error}");
        Assert.Equal(24, status.ChunksTotal); // 8 chunks of 2 s x 3 renditions
        Assert.Equal(24, status.ChunksDone);
        var assets = (await cluster.Client.GetGrain<ITitleAssetsGrain>(titleId).Get())!;
        var videoSegments = assets.Files.Where(f => f.Path.Contains("/video-", StringComparison.Ordinal) && f.Path.EndsWith(".m4s", StringComparison.Ordinal)).ToArray();
        Assert.Equal(24, videoSegments.Length);
        Assert.Equal(24, videoSegments.Select(f => f.Path).Distinct().Count());
        Assert.Equal(48.0, videoSegments.Sum(f => f.DurationSeconds), precision: 1); // 16 s in each of three renditions: no chunk lost or doubled
    }

    private static async Task<IngestStatus> WaitAsync(IIngestJobGrain job, Func<IngestStatus, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            IngestStatus? status = null;
            try
            {
                status = await job.Status();
            }
            catch (Exception e) when (e is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
            {
                // The silo holding the job just died; the next call reaches its new activation.
            }
            if (status is not null && until(status)) return status;
            if (status is { Finished: true }) return status;
            Assert.True(DateTime.UtcNow < deadline, $"job still {status?.Stage} ({status?.ChunksDone}/{status?.ChunksTotal}) after {timeout}");
            await Task.Delay(300);
        }
    }
}
