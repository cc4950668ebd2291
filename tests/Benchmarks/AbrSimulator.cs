using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Benchmarks;

/// <summary>What one simulated session measured.</summary>
public sealed record AbrSession(string Trace, double StartupSeconds, double RebufferSeconds, int Rebuffers, double PlayedSeconds,
    double MeanKbps, int Switches, double QoePerSegment);

/// <summary>
/// Plays a title over a bandwidth trace with one rule through the player's own playout
/// (<see cref="AbrSimulation"/>): each download takes its bytes over the trace's rates (95 % of them carrying
/// payload) plus an 80 ms round trip (<see cref="SimulatedLink"/>), the buffer drains meanwhile, a stall
/// is counted when it runs dry, and above the maximum buffer the player waits. QoE is Pensieve's linear
/// one per segment (<see cref="AbrQoe"/>).
/// </summary>
public static class AbrSimulator
{
    public static AbrSession Play(IAbrRule rule, AbrTitle title, BandwidthTrace trace, double maxBufferSeconds)
    {
        var playout = AbrSimulation.Play(rule, title, new SimulatedLink(trace), maxBufferSeconds);
        return new AbrSession(trace.Name, playout.StartupSeconds, playout.StalledSeconds, playout.Rebuffers, playout.PlayedSeconds,
            playout.MeanKbps, playout.Switches, playout.QoePerSegment);
    }
}
