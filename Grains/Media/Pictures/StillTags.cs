namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>
/// Tags for a still from what was measured, so personalization can tell a member's taste for bright or dark, warm or
/// cool, close-ups or wide shots, action or calm: each still gets one of each pair, and "frame" (cut from the title).
/// </summary>
public static class StillTags
{
    public const double BrightLuma = 110;
    public const double WarmWarmth = 6;
    public const double CoolWarmth = -6;
    /// <summary>A frame with less than this share of edge pixels is mostly smooth surfaces: a close-up.</summary>
    public const double CloseEdgeShare = 0.08;
    /// <summary>Mean luma change over a fifth of a second above this is motion.</summary>
    public const double MotionLevel = 8;

    public static string[] Of(Candidate candidate)
    {
        var m = candidate.Measures;
        return
        [
            "frame",
            m.Luma >= BrightLuma ? "bright" : "dark",
            m.Warmth >= WarmWarmth ? "warm" : m.Warmth <= CoolWarmth ? "cool" : "neutral",
            m.EdgeShare < CloseEdgeShare ? "close" : "wide",
            candidate.Motion >= MotionLevel ? "motion" : "calm",
        ];
    }
}
