using System.Diagnostics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>How long the job was seen in one stage, and the CPU time spent meanwhile (status polled every 250 ms, so ±0.25 s).</summary>
public sealed record StageTime(IngestStage Stage, TimeSpan Elapsed, CpuTime Cpu);

/// <summary>What one ingest through the grains cost, and where its renditions were published.</summary>
public sealed record IngestRun(int Silos, TimeSpan Wall, CpuTime Cpu, IReadOnlyList<StageTime> Stages, int Chunks,
    IReadOnlyDictionary<string, string> VideoPlaylists, TimeSpan SiloStart, IReadOnlyList<SiloShare> EncodedOn, TimeSpan Compiling);

/// <summary>
/// One ingest through the real pipeline: in-process silos (one cluster) with their work and origin
/// folders under <c>root</c> and the given encoding settings, an external client over TCP, one title, one job,
/// status polled every 250 ms. The clock and the CPU readings run from just before Start to the first
/// status that reads Ready; silo start-up and shutdown are outside them.
/// </summary>
public static class PipelineIngest
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<IngestRun> RunAsync(string source, string root, int silos, IReadOnlyDictionary<string, string?> encoding,
        TimeSpan deadline, TextWriter log, CancellationToken cancellationToken)
    {
        var originRoot = Path.Combine(root, "origin");
        var startClock = Stopwatch.StartNew();
        var configuration = new Dictionary<string, string?>(encoding)
        {
            ["Netflix:Ingest:WorkRoot"] = Path.Combine(root, "work"),
            ["Netflix:Ingest:OriginRoot"] = originRoot,
        };
        await using var region = await InProcessRegion.StartAsync(configuration, silos, cancellationToken);
        var siloStart = startClock.Elapsed;
        log.WriteLine($"{region.Silos} silo(s) started in {siloStart.TotalSeconds:0.0} s: {region.Settings.ClusterId}, gateway {region.Gateway}; work and origin under {root}");

        await using var connection = await ClusterConnection.ConnectAsync(
            new ClientOptions { Region = region.Settings.Region.Name, Gateways = [region.Gateway] }, cancellationToken);
        var client = connection.Client;

        var titleId = CatalogGenerator.TitleId(0);
        var template = new CatalogGenerator(1).Titles(1)[0];
        await client.GetGrain<ITitleGrain>(titleId).Upsert(template.Metadata, template.Artwork, 1);
        var job = client.GetGrain<IIngestJobGrain>($"bench-{Guid.NewGuid():N}");

        var stages = new List<(IngestStage Stage, TimeSpan At, ProcessCpu Cpu)>();
        var cpuBefore = ProcessCpu.Now();
        var compilingBefore = System.Runtime.JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        var status = await job.Start(new IngestRequest(titleId, source, [], []));
        while (true)
        {
            if (stages.Count == 0 || stages[^1].Stage != status.Stage)
            {
                stages.Add((status.Stage, clock.Elapsed, ProcessCpu.Now()));
                log.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0.0} s  {status.Stage} ({status.ChunksDone}/{status.ChunksTotal} chunks)");
            }
            if (status.Finished) break;
            if (clock.Elapsed > deadline) throw new TimeoutException($"the ingest job is still {status.Stage} after {deadline.TotalMinutes:0} minutes");
            await Task.Delay(PollEvery, cancellationToken);
            status = await job.Status() ?? throw new InvalidOperationException("the job reads as never started");
        }
        var wall = clock.Elapsed;
        var cpuAfter = ProcessCpu.Now();
        var cpu = cpuAfter - cpuBefore;
        var compiling = System.Runtime.JitInfo.GetCompilationTime() - compilingBefore;

        if (status.Stage != IngestStage.Ready)
        {
            var reasons = status.Error ?? string.Join("; ", status.Rejections.Select(r => $"{r.Problem}: {r.Detail}"));
            throw new InvalidOperationException($"the ingest job ended {status.Stage}, not Ready: {reasons}");
        }

        var assets = await client.GetGrain<ITitleAssetsGrain>(titleId).Get() ?? throw new InvalidOperationException("the job is Ready but the title has no assets");
        var published = Path.GetDirectoryName(Path.Combine(originRoot, assets.MasterPlaylist))!;
        var playlists = assets.Video.ToDictionary(v => v.Rendition.Name, v => Path.Combine(published, v.Playlist), StringComparer.Ordinal);

        var times = stages.Select((s, i) => i + 1 < stages.Count
                ? new StageTime(s.Stage, stages[i + 1].At - s.At, stages[i + 1].Cpu - (i == 0 ? cpuBefore : s.Cpu))
                : new StageTime(s.Stage, wall - s.At, cpuAfter - s.Cpu))
            .Where(s => s.Stage != IngestStage.Ready).ToArray();
        log.WriteLine("stopping client and silo");
        return new IngestRun(silos, wall, cpu, times, status.ChunksTotal, playlists, siloStart, status.EncodedOn, compiling);
    }
}
