namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// Pensieve's linear QoE (Mao et al., SIGCOMM 2017; the objective of Yin et al.'s MPC, SIGCOMM 2015), per
/// segment: its bitrate in Mbit/s, minus 4.3 per second stalled before it, minus the Mbit/s of the switch
/// from the previous segment. The startup wait counts as a stall.
/// </summary>
public static class AbrQoe
{
    public const double RebufferPenalty = 4.3;

    public static double Of(double kbps, double stallSeconds, double? previousKbps) =>
        kbps / 1000 - RebufferPenalty * stallSeconds - (previousKbps is { } p ? Math.Abs(kbps - p) / 1000 : 0);
}
