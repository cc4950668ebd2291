namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>
/// The exploration rule: with probability epsilon a uniformly random variant, otherwise the best-scored one (ties
/// shared evenly). Chosen over Thompson sampling because every choice's probability is known exactly, which is
/// what the impression log needs for unbiased offline evaluation (the propensity), and because it is cheap.
/// </summary>
public static class EpsilonGreedy
{
    /// <summary>The probability of each variant being shown; they sum to 1 and each is in (0, 1] when epsilon &gt; 0.</summary>
    public static double[] Propensities(IReadOnlyList<double> scores, double epsilon)
    {
        if (scores.Count == 0) throw new ArgumentException("there is nothing to choose from", nameof(scores));
        var best = scores.Max();
        var ties = scores.Count(s => s == best);
        var propensities = new double[scores.Count];
        for (var i = 0; i < scores.Count; i++)
        {
            propensities[i] = epsilon / scores.Count + (scores[i] == best ? (1 - epsilon) / ties : 0);
        }
        return propensities;
    }

    /// <summary>Draws an index with the given probabilities.</summary>
    public static int Draw(double[] propensities, Random rng)
    {
        var u = rng.NextDouble();
        for (var i = 0; i < propensities.Length; i++)
        {
            u -= propensities[i];
            if (u < 0) return i;
        }
        for (var i = propensities.Length - 1; i >= 0; i--) if (propensities[i] > 0) return i;
        return propensities.Length - 1;
    }
}
