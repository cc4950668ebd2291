using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Common;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Benchmarks;

/// <summary>One evacuation of us-east and the restore after it; times from the drill's start.</summary>
/// <param name="Tracked">Sessions active in us-east when the drill started (the ones that had to move).</param>
/// <param name="MarkedAfter">When the evacuation mark was written and copied to every reachable region.</param>
/// <param name="RoutersMovedAfter">When the last player's router had moved away (its probe saw the mark and the next region answered).</param>
/// <param name="AllMovedAfter">Drill start until the last tracked session heartbeated in another region; null when not all did.</param>
/// <param name="AllBackAfter">Restore start until every player heartbeated in us-east again; null when not all did in time.</param>
public sealed record DrillRun(int Run, int Tracked, int Moved, TimeSpan MarkedAfter, TimeSpan? RoutersMovedAfter, TimeSpan? FirstMovedAfter, TimeSpan? AllMovedAfter,
    IReadOnlyDictionary<string, int> MovedTo, int Back, TimeSpan? AllBackAfter);

/// <summary>SetResumePoint through an external client to us-east, single-region against replicated to two other regions.</summary>
public sealed record WriteCost(int Concurrency, Measurement Single, Measurement Replicated)
{
    public double RateRatio => Replicated.CallsPerSecond / Single.CallsPerSecond;

    public double P50Ratio => Replicated.P50Microseconds / Single.P50Microseconds;

    public double P99Ratio => Replicated.P99Microseconds / Single.P99Microseconds;
}

public sealed record RegionsResult(RegionsOptions Options, ContentSpread Content, IReadOnlyList<DrillRun> Drills, long Heartbeats, IReadOnlyDictionary<string, int> HeartbeatFailures,
    IReadOnlyList<WriteCost> Writes, int WriteMembers, long CopiedMembers, long OwedCopies, TimeSpan Setup, TimeSpan Total)
{
    /// <summary>The median of the drills' evacuation times; null unless every drill moved every session.</summary>
    public TimeSpan? MedianAllMoved => MedianOf(d => d.AllMovedAfter);

    public TimeSpan? MedianFirstMoved => MedianOf(d => d.FirstMovedAfter);

    public TimeSpan? MedianRoutersMoved => MedianOf(d => d.RoutersMovedAfter);

    public TimeSpan? MedianAllBack => MedianOf(d => d.AllBackAfter);

    private TimeSpan? MedianOf(Func<DrillRun, TimeSpan?> time) =>
        Drills.Count > 0 && Drills.All(d => time(d) is not null) ? Median(Drills.Select(d => time(d)!.Value)) : null;

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Three regions (us-east, us-west, eu-west) in this process, each its own cluster of one silo configured as production
/// (<see cref="InProcessRegion"/> on PostgreSQL) on its own database of one throw-away PostgreSQL server, every silo given
/// every region's connection string, so member data (and sessions, the evacuation marks, titles and media indexes)
/// replicate, and serving its region's origin root over HTTP. First the content (<see cref="RegionsContent"/>): a title
/// seeded and ingested in us-east only, timed until every other region's copier has made it playable there. (a) Players,
/// each with its own <see cref="RegionRouter"/> (nearest us-east, the client's default probe every second) over one Orleans
/// client per region, play a session started in us-east and heartbeat it; a
/// <see cref="DrillRunner"/> evacuates us-east, and the evacuation time is the drill's start until every session heartbeated
/// in another region (the routers' own moves are timed too); then a restore, the players come back, and again. (b) SetResumePoint through an external client to us-east
/// with replication on, against a single-region us-east cluster on a database of its own with no other region configured:
/// same calls, same concurrency, run in the order single, replicated, replicated, single so drift over the run cancels out.
/// </summary>
public static class RegionsBenchmark
{
    private const string Home = RegionsContent.Home;
    private const string Title = RegionsContent.TitleId;
    private const int WriteMembers = 256;
    private const string WriteMemberPrefix = "rb-m";
    private const int WriteTitles = 8;
    private static readonly TimeSpan DrillWatch = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ComeBackWithin = TimeSpan.FromSeconds(30);
    private static readonly MemberProfile Profile = new("Bench", "US", "en", MaturityRating.Age18);

    public static async Task<RegionsResult> RunAsync(RegionsOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-regions-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            return await RunAsync(options, root, log, cancellationToken);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException e)
            {
                log.WriteLine($"warning: could not delete {root}: {e.Message}");
            }
        }
    }

    /// <summary>The run, with the regions' origin and work folders and the source under <paramref name="root"/>.</summary>
    private static async Task<RegionsResult> RunAsync(RegionsOptions options, string root, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var server = await PostgresServer.StartAsync();
        var databases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var region in NetflixRegions.Shipped.All) databases[region.Name] = await server.CreateRegionDatabaseAsync(region.DatabaseName);
        var singleDatabase = await server.CreateRegionDatabaseAsync("netflix_single_us_east");
        log.WriteLine($"PostgreSQL on 127.0.0.1:{server.Port}, {databases.Count + 1} databases in {clock.Elapsed.TotalSeconds:0.0} s");

        // Steering signs edge URLs; every region shares the keys, as edges of any region must accept a moved client's URLs.
        var shared = new Dictionary<string, string?>
        {
            ["Netflix:Cdn:SigningKeys:0:Id"] = "bench-regions",
            ["Netflix:Cdn:SigningKeys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var replicated = new Dictionary<string, string?>(shared);
        foreach (var (region, connection) in databases) replicated[$"ConnectionStrings:{region}"] = connection;

        await using var regions = new RegionSet();
        foreach (var (region, connection) in databases)
        {
            // Each region its own origin and work folders, shared by its silos; its origin served over HTTP for the others' copiers.
            var configuration = new Dictionary<string, string?>(replicated)
            {
                ["Netflix:Ingest:OriginRoot"] = RegionsContent.OriginRoot(root, region),
                ["Netflix:Ingest:WorkRoot"] = RegionsContent.WorkRoot(root, region),
            };
            var started = Stopwatch.StartNew();
            var silo = await regions.StartAsync(region, connection, configuration, cancellationToken);
            log.WriteLine($"{region}: silo started in {started.Elapsed.TotalSeconds:0.0} s, gateway {silo.Gateway}, {silo.Settings.StorageDescription}, " +
                          $"replicating to the other two, origin {silo.Settings.OriginUrl}");
        }
        await using var links = new RegionConnections(regions.All.ToDictionary(r => r.Settings.Region.Name,
            r => new ClientOptions { Region = r.Settings.Region.Name, Gateways = [r.Gateway] }, StringComparer.Ordinal));
        var homeOrigin = regions.All.Single(r => r.Settings.Region.Name == Home).Settings.OriginUrl!;
        var content = await RegionsContent.RunAsync(options.ContentSeconds, links, homeOrigin, root, log, cancellationToken);

        var (drills, heartbeats, failures, setup) = await DrillAsync(options, links, clock, log, cancellationToken);

        log.WriteLine($"single-region {Home} on its own database, no other region configured");
        await using var single = await InProcessRegion.StartAsync(Home, singleDatabase, shared, silos: 1, cancellationToken);
        await using var singleConnection = await ClusterConnection.ConnectAsync(new ClientOptions { Region = Home, Gateways = [single.Gateway] }, cancellationToken);
        var writes = await MeasureWritesAsync(options, singleConnection.Client, await links.ConnectAsync(Home, cancellationToken), log, cancellationToken);

        // Evidence that the replicated writes were copied, synchronously: every member is in us-west, nothing is owed.
        var copied = await server.ScalarAsync(NetflixRegions.Shipped.Get("us-west").DatabaseName,
            $"SELECT count(*) FROM netflix_replicated_state WHERE grain_id LIKE 'member/{WriteMemberPrefix}%'");
        var owed = await server.ScalarAsync(NetflixRegions.Shipped.Get(Home).DatabaseName, "SELECT count(*) FROM netflix_replication_outbox");
        log.WriteLine("stopping clients, silos and PostgreSQL");
        return new RegionsResult(options, content, drills, heartbeats, failures, writes, WriteMembers, copied, owed, setup, clock.Elapsed);
    }

    /// <summary>(a) An edge in each region, players in us-east, then the drills: evacuate, restore, wait until every player is back, again.</summary>
    private static async Task<(List<DrillRun> Drills, long Heartbeats, IReadOnlyDictionary<string, int> Failures, TimeSpan Setup)> DrillAsync(
        RegionsOptions options, RegionConnections links, Stopwatch clock, TextWriter log, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var edges = await RegionEdges.StartAsync(links, [.. NetflixRegions.Shipped.All.Select(r => r.Name)], cancellationToken);
        await using var players = await Players.StartAsync(options, links, failures, log, cancellationToken);
        await Task.Delay(options.Heartbeat + TimeSpan.FromSeconds(1), cancellationToken); // a heartbeat each, reported (silos report every half second)
        var setup = clock.Elapsed;
        log.WriteLine($"{options.Players} players heartbeating in {Home} every {options.HeartbeatMs} ms; set up in {setup.TotalSeconds:0.0} s");

        var drills = new List<DrillRun>();
        var drill = new DrillRunner(links);
        for (var run = 1; run <= options.Drills; run++)
        {
            log.WriteLine($"drill {run}: evacuate {Home}");
            var evacuation = await drill.RunAsync(evacuate: true, Home, DrillWatch, line => log.WriteLine("  " + line), cancellationToken);
            log.WriteLine(evacuation.Complete
                ? $"  all {evacuation.Tracked} moved after {evacuation.AllMovedAfter!.Value.TotalSeconds:0.00} s"
                : $"  only {evacuation.Moves.Count} of {evacuation.Tracked} moved within {DrillWatch.TotalSeconds:0} s");
            var routed = players.MovesSince(evacuation.StartedAt, from: Home);
            TimeSpan? routersMoved = routed.Count == options.Players ? routed.Max(m => m.MovedAt) - evacuation.StartedAt : null;
            if (routed.Count > 0)
                log.WriteLine($"  routers: {routed.Count} left {Home}, moved after {(routed.Min(m => m.MovedAt) - evacuation.StartedAt).TotalSeconds:0.00} to {(routed.Max(m => m.MovedAt) - evacuation.StartedAt).TotalSeconds:0.00} s");

            log.WriteLine($"drill {run}: restore {Home}");
            var restore = await drill.RunAsync(evacuate: false, Home, TimeSpan.Zero, line => log.WriteLine("  " + line), cancellationToken);
            var (back, allBackAfter) = await WaitForReturnAsync(links, players.SessionIds, restore.StartedAt, cancellationToken);
            log.WriteLine(allBackAfter is { } b ? $"  all {back} back after {b.TotalSeconds:0.00} s" : $"  only {back} of {options.Players} back within {ComeBackWithin.TotalSeconds:0} s");

            drills.Add(new DrillRun(run, evacuation.Tracked, evacuation.Moves.Count, evacuation.MarkedAfter, routersMoved,
                evacuation.Moves.Count > 0 ? evacuation.Moves.Min(m => m.After) : null, evacuation.AllMovedAfter,
                evacuation.Moves.GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), back, allBackAfter));
            if (allBackAfter is null) break; // the next drill would track fewer sessions: stop here and report what was seen
        }
        return (drills, players.Heartbeats, new Dictionary<string, int>(failures), setup);
    }

    /// <summary>
    /// (b) The same SetResumePoint calls on each cluster, after an untimed warm-up of each: per concurrency, half the calls single,
    /// half replicated, the other half replicated, the other half single, each scenario's two halves added up.
    /// </summary>
    private static async Task<List<WriteCost>> MeasureWritesAsync(RegionsOptions options, IGrainFactory singleGrains, IGrainFactory replicatedGrains,
        TextWriter log, CancellationToken cancellationToken)
    {
        var members = Enumerable.Range(0, WriteMembers).Select(i => $"{WriteMemberPrefix}{i:000}").ToArray();
        var titles = Enumerable.Range(0, WriteTitles).Select(i => $"rb-t{i}").ToArray();
        foreach (var grains in new[] { singleGrains, replicatedGrains })
        {
            await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
                async (id, _) => await grains.GetGrain<IMemberGrain>(id).Register(Profile, PlanTier.Premium, []));
        }
        Func<int, Task> Writes(IGrainFactory grains) =>
            i => grains.GetGrain<IMemberGrain>(members[i % WriteMembers]).SetResumePoint(titles[i % WriteTitles], TimeSpan.FromSeconds(1 + i % 3600));
        var (singleWrite, replicatedWrite) = (Writes(singleGrains), Writes(replicatedGrains));
        foreach (var write in new[] { singleWrite, replicatedWrite })
        {
            await new CallCountMeter(32).RunAsync(4 * WriteMembers, write, cancellationToken); // untimed: JIT, connection pools, every member's first write
        }

        var writes = new List<WriteCost>();
        foreach (var concurrency in new[] { 1, 32 })
        {
            var calls = concurrency == 1 ? options.Calls / 10 : options.Calls;
            var (singleMeter, replicatedMeter) = (new CallCountMeter(concurrency), new CallCountMeter(concurrency));
            await singleMeter.RunAsync(calls / 2, singleWrite, cancellationToken);
            await replicatedMeter.RunAsync(calls / 2, replicatedWrite, cancellationToken);
            await replicatedMeter.RunAsync(calls - calls / 2, replicatedWrite, cancellationToken);
            await singleMeter.RunAsync(calls - calls / 2, singleWrite, cancellationToken);
            var cost = new WriteCost(concurrency, singleMeter.Result("single region"), replicatedMeter.Result("replicated to 2 regions"));
            writes.Add(cost);
            log.WriteLine($"SetResumePoint, {concurrency} in flight, {calls} calls each: single {cost.Single.CallsPerSecond:N0}/s p50 {cost.Single.P50Microseconds / 1000:0.00} ms, " +
                          $"replicated {cost.Replicated.CallsPerSecond:N0}/s p50 {cost.Replicated.P50Microseconds / 1000:0.00} ms");
        }
        return writes;
    }

    /// <summary>Waits until every session heartbeated in us-east again since the restore (its arrival from another region).</summary>
    private static async Task<(int Back, TimeSpan? AllBackAfter)> WaitForReturnAsync(IRegionLinks links, IReadOnlySet<string> sessions, DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var back = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (true)
        {
            var view = await (await links.ConnectAsync(Home, cancellationToken)).GetGrain<IRegionTrafficGrain>(Home).View(since);
            foreach (var arrival in view.Arrivals.Where(a => a.At >= since && sessions.Contains(a.SessionId))) back.TryAdd(arrival.SessionId, arrival.At);
            if (back.Count == sessions.Count) return (back.Count, back.Values.Max() - since);
            if (deadline.Elapsed > ComeBackWithin) return (back.Count, null);
            await Task.Delay(DrillRunner.PollEvery, cancellationToken);
        }
    }

    /// <summary>The regions' clusters, stopped in reverse order of starting, each whatever happens to the others.</summary>
    private sealed class RegionSet : IAsyncDisposable
    {
        private readonly List<InProcessRegion> _regions = [];

        public IReadOnlyList<InProcessRegion> All => _regions;

        public async Task<InProcessRegion> StartAsync(string region, string connectionString, IReadOnlyDictionary<string, string?> configuration,
            CancellationToken cancellationToken)
        {
            var started = await InProcessRegion.StartAsync(region, connectionString, configuration, silos: 1, serveOrigin: true, cancellationToken);
            _regions.Add(started);
            return started;
        }

        public async ValueTask DisposeAsync()
        {
            var failures = new List<Exception>();
            foreach (var region in Enumerable.Reverse(_regions))
            {
                try
                {
                    await region.DisposeAsync();
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            }
            if (failures.Count > 0) throw new AggregateException("stopping the regions' silos failed", failures);
        }
    }

    /// <summary>
    /// Simulated players: each registers its member and starts its session in us-east through a router of its own (preference from us-east),
    /// then probes (the router's own loop) and heartbeats through that router until stopped: on a timer, and with
    /// <see cref="RegionsOptions.BeatOnMove"/> also at once when its router moves, as <c>Client play</c> does. A failed heartbeat is
    /// counted and the player goes on, as a real one would.
    /// </summary>
    private sealed class Players : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _loops = [];
        private readonly List<RegionRouter> _routers = [];
        private readonly ConcurrentBag<Task> _moveBeats = [];
        private readonly ConcurrentDictionary<string, int> _failures;
        private readonly TextWriter _log;
        private long _heartbeats;

        private Players(IReadOnlySet<string> sessionIds, ConcurrentDictionary<string, int> failures, TextWriter log)
        {
            SessionIds = sessionIds;
            _failures = failures;
            _log = log;
        }

        public IReadOnlySet<string> SessionIds { get; }

        public long Heartbeats => Interlocked.Read(ref _heartbeats);

        /// <summary>The routers' own moves away from <paramref name="from"/> seen since <paramref name="since"/>.</summary>
        public IReadOnlyList<RegionMove> MovesSince(DateTimeOffset since, string from) =>
            [.. _routers.SelectMany(r => r.Moves).Where(m => m.From == from && m.DetectedAt >= since)];

        public static async Task<Players> StartAsync(RegionsOptions options, IRegionLinks links, ConcurrentDictionary<string, int> failures, TextWriter log,
            CancellationToken cancellationToken)
        {
            var count = options.Players;
            var routers = new RegionRouter[count];
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var router = new RegionRouter(RegionRouter.PreferenceFrom(Home), links);
                    await router.CallAsync(g => g.GetGrain<IMemberGrain>(MemberId(i)).Register(Profile, PlanTier.Premium, []), token);
                    var start = await router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>(SessionId(i))
                        .StartPlayback(new PlaybackRequest(MemberId(i), Title, DeviceKind.Tv, Home, "local")), token);
                    if (start.Manifest is null) throw new InvalidOperationException($"player {i} could not start: {start.Refusal}");
                    if (router.Current != Home) throw new InvalidOperationException($"player {i} started in {router.Current}, not {Home}");
                    routers[i] = router;
                });

            var players = new Players(Enumerable.Range(0, count).Select(SessionId).ToHashSet(StringComparer.Ordinal), failures, log);
            // Each player probes and heartbeats at a phase of its own, as independent clients would (started together, their timers would tick in step).
            var phases = new Random(1);
            var probeEvery = new RegionRouterOptions().ProbeEvery;
            for (var i = 0; i < count; i++)
            {
                var player = new Player(routers[i], SessionId(i));
                players._routers.Add(routers[i]);
                if (options.BeatOnMove)
                {
                    player.Router.Moved += move =>
                    {
                        if (move.From is not null) players._moveBeats.Add(players.BeatAsync(player));
                    };
                }
                var (probeAt, beatAt) = (probeEvery * phases.NextDouble(), options.Heartbeat * phases.NextDouble());
                players._loops.Add(Task.Run(() => players.ProbeAsync(player, probeAt)));
                players._loops.Add(Task.Run(() => players.PlayAsync(player, beatAt, options.Heartbeat)));
            }
            return players;
        }

        private static string MemberId(int i) => $"rg-m{i:0000}";

        private static string SessionId(int i) => $"rg-s{i:0000}";

        private sealed class Player(RegionRouter router, string session)
        {
            public RegionRouter Router => router;

            public string Session => session;

            /// <summary>Where playback is, in ticks: advanced by the timer, sent by every heartbeat.</summary>
            public long PositionTicks;
        }

        private async Task ProbeAsync(Player player, TimeSpan offset)
        {
            try
            {
                await Task.Delay(offset, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await player.Router.RunProbesAsync(_stop.Token);
        }

        private async Task PlayAsync(Player player, TimeSpan offset, TimeSpan every)
        {
            try
            {
                await Task.Delay(offset, _stop.Token);
                using var timer = new PeriodicTimer(every);
                do
                {
                    Interlocked.Add(ref player.PositionTicks, every.Ticks);
                    await BeatAsync(player);
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }

        private async Task BeatAsync(Player player)
        {
            var beat = new PlaybackHeartbeat(TimeSpan.FromTicks(Interlocked.Read(ref player.PositionTicks)), 3000, 20, 0, "edge");
            try
            {
                await player.Router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>(player.Session).Heartbeat(beat), _stop.Token);
                Interlocked.Increment(ref _heartbeats);
            }
            catch (Exception e) when (!_stop.IsCancellationRequested)
            {
                var kind = e.GetType().Name;
                if (_failures.AddOrUpdate(kind, 1, (_, n) => n + 1) == 1)
                    _log.WriteLine($"  a heartbeat failed ({kind}: {e.GetBaseException().Message}); counted, and the player goes on");
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                // Stopping: a beat cut short is no failure.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Task.WhenAll(_loops.Concat(_moveBeats));
            }
            finally
            {
                _stop.Dispose();
            }
        }
    }
}
