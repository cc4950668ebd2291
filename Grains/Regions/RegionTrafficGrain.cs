using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Regions;

/// <summary>Sums the silos' traffic reports (see <see cref="IRegionTrafficGrain"/>); memory only, ten minutes deep.</summary>
[GrainType("region-traffic")]
public sealed class RegionTrafficGrain(TimeProvider clock) : Grain, IRegionTrafficGrain
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ActiveWithin = TimeSpan.FromSeconds(30);
    private const int MaxSessionsShown = 10_000;

    private readonly SortedDictionary<long, int> _starts = [];
    private readonly SortedDictionary<long, int> _heartbeats = [];
    private readonly List<SessionArrival> _arrivals = [];
    private readonly Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)> _sessions = new(StringComparer.Ordinal);

    public Task Report(TrafficReport report)
    {
        foreach (var s in report.Starts) _starts[s.UnixSecond] = _starts.GetValueOrDefault(s.UnixSecond) + s.Count;
        foreach (var s in report.Heartbeats) _heartbeats[s.UnixSecond] = _heartbeats.GetValueOrDefault(s.UnixSecond) + s.Count;
        _arrivals.AddRange(report.Arrivals);
        foreach (var s in report.Sessions)
        {
            _sessions[s.SessionId] = _sessions.TryGetValue(s.SessionId, out var known)
                ? (known.First < s.First ? known.First : s.First, known.Last > s.Last ? known.Last : s.Last)
                : (s.First, s.Last);
        }
        Forget();
        return Task.CompletedTask;
    }

    public Task<RegionTrafficView> View(DateTimeOffset since)
    {
        var now = clock.GetUtcNow();
        var from = since.ToUnixTimeSeconds();
        return Task.FromResult(new RegionTrafficView(this.GetPrimaryKeyString(),
            [.. _starts.Where(s => s.Key >= from).Select(s => new SecondCount(s.Key, s.Value))],
            [.. _sessions.Where(s => s.Value.Last >= since).OrderBy(s => s.Value.First).Take(MaxSessionsShown)
                .Select(s => new SessionSeen(s.Key, s.Value.First, s.Value.Last))],
            _sessions.Count(s => now - s.Value.Last <= ActiveWithin),
            now,
            [.. _heartbeats.Where(s => s.Key >= from).Select(s => new SecondCount(s.Key, s.Value))],
            [.. _arrivals.Where(a => a.At >= since).OrderBy(a => a.At).Take(MaxSessionsShown)]));
    }

    private void Forget()
    {
        var cutoff = clock.GetUtcNow() - Keep;
        foreach (var series in new[] { _starts, _heartbeats })
        {
            foreach (var second in series.Keys.TakeWhile(k => k < cutoff.ToUnixTimeSeconds()).ToArray()) series.Remove(second);
        }
        _arrivals.RemoveAll(a => a.At < cutoff);
        if (_sessions.Count < 1000) return;
        foreach (var (id, seen) in _sessions.ToArray())
        {
            if (seen.Last < cutoff) _sessions.Remove(id);
        }
    }
}
