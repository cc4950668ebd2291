namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>A frame the picker looked at: when, what it measured, and how much moved in the moment after it.</summary>
public sealed record Candidate(double AtSeconds, FrameMeasures Measures, double Motion);

/// <summary>Why a candidate was not picked (what the docs and tests name).</summary>
public enum Skipped { Black, Blurred, Duplicate }

/// <summary>
/// Picks the stills to cut artwork from. Frames that are nearly black or blurred are skipped outright; the rest are
/// scored (sharp, well exposed, colourful first) and taken best first, each one only if it looks different from every
/// still already taken (a near-duplicate of a better frame adds nothing) and stands apart from them in time (different
/// scenes rather than one scene several times). Pure: the same candidates give the same stills.
/// </summary>
public static class StillChoice
{
    /// <summary>Mean luma below this (of 255) is a black or nearly black frame: fades, slates, night with nothing lit.</summary>
    public const double BlackLuma = 28;

    /// <summary>Sharper than this share of the title's typical (median) frame, else blurred.</summary>
    public const double BlurredShareOfMedian = 0.25;

    /// <summary>Sharpness (Laplacian variance at the analysis size) below which a frame is blurred whatever the title.</summary>
    public const double BlurredAbsolute = 15;

    /// <summary>Two stills whose grey thumbnails differ by less than this (mean, of 255) are the same picture.</summary>
    public const double DuplicateDifference = 10;

    public static Skipped? Reject(Candidate candidate, double medianSharpness)
    {
        var m = candidate.Measures;
        if (m.Luma < BlackLuma) return Skipped.Black;
        if (m.Sharpness < Math.Max(BlurredAbsolute, BlurredShareOfMedian * medianSharpness)) return Skipped.Blurred;
        return null;
    }

    public static IReadOnlyList<Candidate> Pick(IReadOnlyList<Candidate> candidates, int count, double durationSeconds)
    {
        var lit = candidates.Where(c => c.Measures.Luma >= BlackLuma).Select(c => c.Measures.Sharpness).Order().ToArray();
        var median = lit.Length == 0 ? 0 : lit[lit.Length / 2];
        var usable = candidates.Where(c => Reject(c, median) is null)
            .OrderByDescending(Score).ThenBy(c => c.AtSeconds)
            .ToArray();
        var apart = durationSeconds / (2.0 * Math.Max(1, count));
        var picked = new List<Candidate>();
        foreach (var candidate in usable)
        {
            if (picked.Count == count) break;
            if (picked.Any(p => p.Measures.DifferenceFrom(candidate.Measures) < DuplicateDifference)) continue;
            if (picked.Any(p => Math.Abs(p.AtSeconds - candidate.AtSeconds) < apart)) continue;
            picked.Add(candidate);
        }
        return [.. picked.OrderBy(c => c.AtSeconds)];
    }

    /// <summary>Sharp (with diminishing returns), well exposed (mid-grey best) and colourful.</summary>
    public static double Score(Candidate candidate)
    {
        var m = candidate.Measures;
        var exposure = Math.Max(0.2, 1 - Math.Abs(m.Luma - 128) / 128);
        return Math.Log(1 + m.Sharpness) * exposure * (1 + m.Colourfulness / 100);
    }
}
