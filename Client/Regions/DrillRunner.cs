using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Client.Regions;

/// <summary>
/// An evacuation drill, as Netflix runs them: mark a region evacuated (or restored) in every region, then
/// watch each region's traffic until every session that has to move shows up in another region, and
/// report when each did and the stream starts per second per region throughout.
/// </summary>
/// <param name="timeouts">Its <see cref="RegionRouterOptions.ConnectTimeout"/> bounds the first read of every region (a new
/// connection on a busy machine can take seconds), its <see cref="RegionRouterOptions.ProbeTimeout"/> each later poll.</param>
/// <param name="regions">The regions to watch; the client's configured ones (<see cref="ClientConfiguration.Regions"/>) when null.</param>
public sealed class DrillRunner(IRegionLinks links, TimeProvider? time = null, RegionRouterOptions? timeouts = null, RegionDirectory? regions = null)
{
    private readonly RegionDirectory _regions = regions ?? ClientConfiguration.Regions;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly RegionRouterOptions _timeouts = timeouts ?? new RegionRouterOptions();

    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>How far back a session counts as active before the drill.</summary>
    public static readonly TimeSpan ActiveWithin = TimeSpan.FromSeconds(15);

    public async Task<DrillTimeline> RunAsync(bool evacuate, string region, TimeSpan watch, Action<string>? progress, CancellationToken cancellationToken)
    {
        var target = _regions.Get(region).Name;
        var regions = _regions.All.Select(r => r.Name).ToArray();
        var started = _time.GetUtcNow();
        var before = await TrafficAsync(regions, started - ActiveWithin, _timeouts.ConnectTimeout, cancellationToken);

        // Sessions to watch: for an evacuation, those active in the region; for a restore, those active elsewhere
        // whose nearest region it is cannot be known here, so any that arrive in it are reported. An evacuated region
        // that cannot be read (it may be the one failing) leaves them unknown: every arrival from it is reported, and
        // the drill cannot call itself complete.
        string? unread = null;
        HashSet<string>? tracked = null;
        if (evacuate)
        {
            if (before.TryGetValue(target, out var view))
                tracked = view.Sessions.Where(s => s.Last >= started - ActiveWithin).Select(s => s.SessionId).ToHashSet(StringComparer.Ordinal);
            else
                progress?.Invoke(unread = $"{target}'s sessions could not be read before the mark, so which had to move is unknown");
        }
        var (markedIn, _) = await MarkAsync(evacuate, target, regions, cancellationToken);
        var markedAfter = _time.GetUtcNow() - started;
        progress?.Invoke($"+{markedAfter.TotalSeconds:0.00} s  {target} marked {(evacuate ? "evacuated" : "restored")} in {markedIn}, copied to every reachable region");

        var moves = new Dictionary<string, SessionMove>(StringComparer.Ordinal);
        var deadline = _time.GetUtcNow() + watch; // watched from the mark on: taking it can be slow when a region is struggling
        while (true)
        {
            var latest = await TrafficAsync(regions, started - TimeSpan.FromSeconds(5), _timeouts.ProbeTimeout, cancellationToken);
            foreach (var (name, view) in latest)
            {
                if (evacuate ? name == target : name != target) continue;
                foreach (var a in view.Arrivals.Where(a => a.At >= started && (!evacuate || (tracked?.Contains(a.SessionId) ?? a.From == target))))
                {
                    if (moves.ContainsKey(a.SessionId)) continue;
                    var move = new SessionMove(a.SessionId, a.From, name, a.At - started);
                    moves[a.SessionId] = move;
                    if (moves.Count <= 10) progress?.Invoke($"+{move.After.TotalSeconds:0.00} s  session {move.SessionId} moved {move.From} → {move.To}");
                    else if (moves.Count % 25 == 0) progress?.Invoke($"+{move.After.TotalSeconds:0.00} s  {moves.Count} sessions moved");
                }
            }
            var complete = evacuate && tracked is not null && tracked.All(moves.ContainsKey);
            if (complete || _time.GetUtcNow() >= deadline)
            {
                var perSecond = latest.SelectMany(l => Seconds(l.Key, l.Value)).OrderBy(s => s.UnixSecond).ThenBy(s => s.Region).ToArray();
                return new DrillTimeline(evacuate ? "evacuate" : "restore", target, started, markedIn, markedAfter, tracked?.Count ?? 0,
                    [.. moves.Values.OrderBy(m => m.After)], perSecond, complete || !evacuate, unread);
            }
            await Task.Delay(PollEvery, _time, cancellationToken);
        }
    }

    private static IEnumerable<RegionSecond> Seconds(string region, RegionTrafficView view)
    {
        var starts = view.StartsPerSecond.ToDictionary(s => s.UnixSecond, s => s.Count);
        var beats = view.HeartbeatsPerSecond.ToDictionary(s => s.UnixSecond, s => s.Count);
        return starts.Keys.Union(beats.Keys).Select(second => new RegionSecond(second, region, starts.GetValueOrDefault(second), beats.GetValueOrDefault(second)));
    }

    /// <summary>Writes the mark through the first region that answers, the target last (it may be the one failing).</summary>
    private async Task<(string Region, RegionMarks Marks)> MarkAsync(bool evacuate, string target, string[] regions, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var region in regions.OrderBy(r => r == target))
        {
            try
            {
                var control = (await links.ConnectAsync(region, cancellationToken)).GetGrain<IRegionControlGrain>(IRegionControlGrain.Key);
                return (region, await (evacuate ? control.Evacuate(target) : control.Restore(target)));
            }
            catch (Exception e) when (RegionRouter.IsRegionFailure(e) || e is WriteNotReplicatedException)
            {
                failures.Add($"{region}: {e.GetBaseException().Message}");
                await links.ForgetAsync(region);
            }
        }
        throw new ClusterUnreachableException($"no region took the mark: {string.Join("; ", failures)}");
    }

    private async Task<Dictionary<string, RegionTrafficView>> TrafficAsync(string[] regions, DateTimeOffset since, TimeSpan within, CancellationToken cancellationToken)
    {
        var views = await Task.WhenAll(regions.Select(async region =>
        {
            try
            {
                var grains = await links.ConnectAsync(region, cancellationToken).WaitAsync(within, cancellationToken);
                return (region, view: await grains.GetGrain<IRegionTrafficGrain>(region).View(since).WaitAsync(within, cancellationToken));
            }
            catch (Exception e) when (RegionRouter.IsRegionFailure(e))
            {
                return (region, view: (RegionTrafficView?)null); // a region that is down reports nothing
            }
        }));
        return views.Where(v => v.view is not null).ToDictionary(v => v.region, v => v.view!, StringComparer.Ordinal);
    }
}
