using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>An impression logged while artwork was chosen uniformly at random, and whether the member played.</summary>
public sealed record LoggedImpression(string TitleId, MemberTastes Tastes, IReadOnlyList<ArtworkVariant> Variants, string ShownUri, bool Played);

/// <summary>What replay found: how many logged impressions, how many matched the policy's choice, plays among those.</summary>
public sealed record ReplayResult(int Logged, int Matches, int Plays)
{
    /// <summary>Plays over matched impressions; NaN when nothing matched.</summary>
    public double TakeRate => Matches == 0 ? double.NaN : (double)Plays / Matches;
}

/// <summary>
/// The replay metric (Netflix, "Artwork Personalization at Netflix"; Li et al. 2011): from a log in which artwork was
/// chosen uniformly at random, keep only the impressions where the evaluated policy picks the image that was actually
/// shown, and take the take rate over those. Because the logged choice was random, the matched impressions are an
/// unbiased sample of what the policy would have shown.
/// </summary>
public static class ReplayEvaluator
{
    public static ReplayResult Evaluate(IEnumerable<LoggedImpression> log, Func<LoggedImpression, ArtworkVariant> policy)
    {
        int logged = 0, matches = 0, plays = 0;
        foreach (var impression in log)
        {
            logged++;
            if (policy(impression).Uri != impression.ShownUri) continue;
            matches++;
            if (impression.Played) plays++;
        }
        return new ReplayResult(logged, matches, plays);
    }
}
