using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Benchmarks;

/// <summary>What one simulated session measured.</summary>
public sealed record AbrSession(string Trace, double StartupSeconds, double RebufferSeconds, int Rebuffers, double PlayedSeconds,
    double MeanKbps, int Switches, double QoePerSegment);

/// <summary>
/// Plays a video over a bandwidth trace with one rule, as Pensieve's simulator does: each download takes
/// its bytes over the trace's rates (95 % of them carrying payload) plus an 80 ms round trip; the buffer
/// drains meanwhile and a stall is counted when it runs dry; above the maximum buffer the player waits
/// in 0.5 s steps. QoE is Pensieve's linear one per segment: Mbit/s played, minus 4.3 per second stalled
/// (startup included), minus the Mbit/s of each switch.
/// </summary>
public static class AbrSimulator
{
    public const double RoundTripSeconds = 0.08;
    public const double PayloadShare = 0.95;
    public const double RebufferPenalty = 4.3;
    private const double WaitStep = 0.5;

    public static AbrSession Play(IAbrRule rule, AbrVideo video, BandwidthTrace trace, double maxBufferSeconds)
    {
        var estimator = new ThroughputEstimator();
        var bitrates = video.BitratesKbps;
        double now = 0, buffer = 0, startup = 0, stalled = 0, qoe = 0, kbpsSum = 0;
        int rebuffers = 0, switches = 0;
        int? previous = null;
        for (var segment = 0; segment < video.Segments; segment++)
        {
            var context = new AbrContext(bitrates, buffer, video.SegmentSeconds, estimator.Kbps, previous)
            {
                NextSegmentBytes = [.. video.SegmentBytes.Select(r => r[segment])],
            };
            var choice = Math.Clamp(rule.Choose(context), 0, bitrates.Length - 1);
            var bytes = video.SegmentBytes[choice][segment];
            var transfer = trace.DownloadSeconds(now, (long)(bytes / PayloadShare));
            var delay = transfer + RoundTripSeconds;
            now += delay;
            estimator.Add(bytes, TimeSpan.FromSeconds(delay));

            var stall = Math.Max(delay - buffer, 0);
            if (segment == 0) startup = delay;
            else if (stall > 0)
            {
                stalled += stall;
                rebuffers++;
            }
            buffer = Math.Max(buffer - delay, 0) + video.SegmentSeconds;
            if (buffer > maxBufferSeconds)
            {
                var wait = Math.Ceiling((buffer - maxBufferSeconds) / WaitStep) * WaitStep;
                buffer -= wait;
                now += wait;
            }

            var mbps = bitrates[choice] / 1000;
            qoe += mbps - RebufferPenalty * (segment == 0 ? delay : stall);
            if (previous is { } p)
            {
                qoe -= Math.Abs(mbps - bitrates[p] / 1000);
                if (p != choice) switches++;
            }
            kbpsSum += bitrates[choice];
            previous = choice;
        }
        return new AbrSession(trace.Name, startup, stalled, rebuffers, video.Segments * video.SegmentSeconds, kbpsSum / video.Segments, switches,
            qoe / video.Segments);
    }
}
