namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// A network link that follows a bandwidth trace, as Pensieve's simulator models one: of each rate 95 %
/// carries payload, and each segment's download (its requests one after another) pays an 80 ms round trip.
/// The ABR benchmark times every download with it, and the player shapes its downloads with it when given a
/// trace, so both see the same link.
/// </summary>
public sealed class SimulatedLink(BandwidthTrace trace)
{
    public const double RoundTripSeconds = 0.08;
    public const double PayloadShare = 0.95;

    public BandwidthTrace Trace => trace;

    /// <summary>How long <paramref name="bytes"/> take when the download starts at <paramref name="start"/> seconds into the session.</summary>
    public double DownloadSeconds(double start, long bytes) => trace.DownloadSeconds(start, (long)Math.Ceiling(bytes / PayloadShare)) + RoundTripSeconds;
}
