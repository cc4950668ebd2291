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

    /// <summary>Whether the source itself must carry audio (false when audio comes as separate files).</summary>
    public bool RequireAudio { get; set; } = true;

    /// <summary>How long the decode pass may take before the source is given up on.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    public SourceValidationOptions Copy() => (SourceValidationOptions)MemberwiseClone();
}
