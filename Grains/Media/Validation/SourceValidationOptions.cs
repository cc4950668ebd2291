namespace Orleans.Netflix.Grains.Media;

/// <summary>The bounds a studio source must keep (configuration section "Netflix:Ingest:Validation").</summary>
public sealed class SourceValidationOptions
{
    public const string Section = "Netflix:Ingest:Validation";

    public TimeSpan MinDuration { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(6);
    public int MinWidth { get; set; } = 160;
    public int MinHeight { get; set; } = 90;
    public int MaxWidth { get; set; } = 7680;
    public int MaxHeight { get; set; } = 4320;
    public double MinFrameRate { get; set; } = 12;
    public double MaxFrameRate { get; set; } = 120;

    /// <summary>A black or frozen stretch at least this long rejects the source.</summary>
    public TimeSpan MaxBlack { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxFrozen { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A gap between frame timestamps over this many frame durations counts as missing frames.</summary>
    public double MaxFrameGap { get; set; } = 1.5;

    /// <summary>
    /// Media that ends more than this before the container's duration is a file cut short (the integrity
    /// scan's demuxer errors catch shorter cuts).
    /// </summary>
    public TimeSpan TruncationTolerance { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// How far the audio may start after, end before or differ in length from the picture: the larger of
    /// this and <see cref="MaxAudioMismatchShare"/> of the picture's length (1 s, or 2 % of a title over 50 s).
    /// </summary>
    public TimeSpan MaxAudioMismatch { get; set; } = TimeSpan.FromSeconds(1);

    public double MaxAudioMismatchShare { get; set; } = 0.02;

    /// <summary>Whether the source itself must carry audio (false when audio comes as separate files).</summary>
    public bool RequireAudio { get; set; } = true;

    /// <summary>How long the decode pass may take before the source is given up on.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    public SourceValidationOptions Copy() => (SourceValidationOptions)MemberwiseClone();
}
