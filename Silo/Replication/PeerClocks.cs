using System.Collections.Concurrent;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// How far this silo runs ahead of each other region's database clock, as the last copy to it measured (every copy
/// reads the receiving database's clock). A write stamped further ahead of every recently measured region than the
/// maximum drift would be refused by all of them, so it is refused before anything is written.
/// </summary>
public sealed class PeerClocks(TimeProvider time)
{
    /// <summary>Measurements older than this are not trusted: the next write goes through and measures again.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (TimeSpan Behind, DateTimeOffset At)> _measured = new(StringComparer.Ordinal);

    public void Measured(string peer, DateTimeOffset peerNow)
    {
        var now = time.GetUtcNow();
        _measured[peer] = (now - peerNow, now);
    }

    /// <summary>
    /// How far <paramref name="stampedAt"/> is ahead of the nearest of <paramref name="peers"/>' clocks, when every one of
    /// them was measured recently; null when one was not (nothing is known about it, so it may accept the write).
    /// </summary>
    public TimeSpan? AheadOfAll(DateTimeOffset stampedAt, IEnumerable<string> peers)
    {
        var now = time.GetUtcNow();
        TimeSpan? least = null;
        foreach (var peer in peers)
        {
            if (!_measured.TryGetValue(peer, out var m) || now - m.At > Fresh) return null;
            var ahead = stampedAt - (now - m.Behind);
            if (least is null || ahead < least) least = ahead;
        }
        return least;
    }
}
