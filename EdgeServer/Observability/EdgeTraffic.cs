using System.Collections.Concurrent;

namespace Orleans.Netflix.EdgeServer.Observability;

/// <summary>What heartbeats report of load: sessions seen in the last minute and bytes sent per second since the last report.</summary>
public sealed class EdgeTraffic(TimeProvider clock)
{
    private static readonly TimeSpan SessionWindow = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);
    private long _bytesSent;
    private long _bytesAtLastSample;
    private DateTimeOffset _lastSample = clock.GetUtcNow();

    public void Served(string sessionId, long bytes)
    {
        _sessions[sessionId] = clock.GetUtcNow();
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public int ActiveSessions
    {
        get
        {
            var cutoff = clock.GetUtcNow() - SessionWindow;
            foreach (var (session, seen) in _sessions)
            {
                if (seen < cutoff) _sessions.TryRemove(session, out _);
            }
            return _sessions.Count;
        }
    }

    /// <summary>Bits per second sent since the previous call.</summary>
    public double SampleEgressBitsPerSecond()
    {
        var now = clock.GetUtcNow();
        var sent = Interlocked.Read(ref _bytesSent);
        var seconds = (now - _lastSample).TotalSeconds;
        var rate = seconds > 0 ? (sent - _bytesAtLastSample) * 8 / seconds : 0;
        (_bytesAtLastSample, _lastSample) = (sent, now);
        return rate;
    }
}
