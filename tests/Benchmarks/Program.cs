using Orleans.Netflix.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- [--seconds N] [--concurrency N] [--json]
// No-op grain calls per second through an external client against member show / title show calls
// per second, same process, same run, and the ratio. Exit 0 on success, 1 on failure, 2 on bad usage.
// dotnet run -c Release --project tests/Benchmarks -- pipeline [--seconds N] [--json]: the media pipeline
// against one ffmpeg command producing the same ladder (PipelineBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- offload [--alphas 0.8,1.0,1.2] [--json]: the CDN offload
// simulation, edges with fill vs. pure LRU (OffloadBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- edge [--duration S] [--rounds N] [--connections N] [--threads N] [--json]:
// cached segments served by the edge against nginx, both driven by wrk (EdgeBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- abr [--segments N] [--json]: ABR rules over every bandwidth
// trace on a ladder ingested through the pipeline (AbrBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- press-play [--seconds N] [--concurrency N] [--json]: StartPlayback
// calls/s and latency against no-op calls in the same run, and press play through the member's website hosted in the process:
// its closed-loop rate, the highest fixed rate with p99 within 20 ms and the latency at half that rate (PressPlayBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- regions [--content-seconds N] [--players N] [--drills N] [--heartbeat-ms N] [--beat-on-move] [--calls N]
// [--json]: three regions on PostgreSQL, a title ingested in us-east until every region's copier made it playable (against a plain download of
// the same files), evacuation time of playing sessions and the write-latency cost of replication (RegionsBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- artwork [--impressions N] [--seed N] [--json]: take rate of random, global-best
// and personalized artwork on a simulated population, online and by replay (ArtworkBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- recommendations [--titles N] [--members N] [--seed N] [--json]: recall@50 and
// NDCG@50 of item-item and implicit-ALS recommendations against popularity on a simulated population (RecommendationsBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- browse [--seconds N] [--concurrency N] [--json]: home screens per second with 1,000
// members browsing at once, against no-op calls in the same run (BrowseBenchmark).
// dotnet run -c Release --project tests/Benchmarks -- db-restart [--silos N] [--warmup S] [--baseline S] [--outage S] [--after S] [--json]: one region of
// silo processes on PostgreSQL under press play, heartbeats and member writes; the server stopped for 5 s and started again: the error
// window, when the load ran as before, and every acknowledged write read back (DbRestartBenchmark).

if (args.Length > 0 && args[0] == DbRestartOptions.Mode) return await DbRestartProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == BrowseBenchmark.Mode) return await BrowseProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == PipelineOptions.Mode) return await PipelineProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == OffloadOptions.Mode) return await OffloadProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == PressPlayBenchmark.Mode) return await PressPlayProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == AbrOptions.Mode) return await AbrProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == RegionsOptions.Mode) return await RegionsProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == ArtworkOptions.Mode) return await ArtworkProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == EdgeBenchmarkOptions.Mode) return await EdgeBenchmarkProgram.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == RecommendationsOptions.Mode) return await RecommendationsProgram.RunAsync(args[1..]);

return await ConsoleRunner.RunAsync(
    "benchmark",
    () => BenchmarkOptions.Parse(args),
    async (options, cancellationToken) =>
    {
        var result = await BenchmarkRun.RunAsync(options, Console.Error, cancellationToken);
        foreach (var warning in Report.Warnings(result)) Console.Error.WriteLine($"warning: {warning}");
        if (options.Json) Report.WriteJson(result);
        else Report.WriteTable(result);
    });
