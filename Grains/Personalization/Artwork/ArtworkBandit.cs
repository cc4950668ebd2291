using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>
/// Picks which of a title's own artwork variants to show a member: an epsilon-greedy contextual bandit whose
/// model (<see cref="OnlineLogisticModel"/> over <see cref="ArtworkFeatures"/>) predicts the chance that this member
/// plays the title after seeing that image, and learns from each impression's outcome (played within the window or not).
/// Deterministic for a given sequence of calls and seeded <see cref="Random"/>. Not thread-safe (one grain owns one).
/// </summary>
public sealed class ArtworkBandit(double epsilon = 0.1, double learningRate = 0.1)
{
    private readonly OnlineLogisticModel _model = new(learningRate);
    private readonly List<(FeatureKey Key, double Value)> _features = [];

    public double Epsilon { get; } = epsilon is >= 0 and <= 1 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), "epsilon is a probability, 0 to 1");

    public OnlineLogisticModel Model => _model;

    /// <summary>Predicted chance of a play if this member is shown this variant.</summary>
    public double Predict(MemberTastes tastes, ArtworkVariant variant)
    {
        ArtworkFeatures.Extract(tastes, variant, _features);
        return _model.Predict(_features);
    }

    /// <summary>Explore or exploit: one of <paramref name="variants"/>, the probability it had of being chosen, and whether it was explored (each variant scored once).</summary>
    public ArtworkChoice Choose(MemberTastes tastes, IReadOnlyList<ArtworkVariant> variants, Random rng)
    {
        var propensities = Propensities(tastes, variants);
        var index = EpsilonGreedy.Draw(propensities, rng);
        return new ArtworkChoice(variants[index], propensities[index], propensities[index] < propensities.Max());
    }

    /// <summary>The probability of each variant under <see cref="Choose"/>, in the order given.</summary>
    public double[] Propensities(MemberTastes tastes, IReadOnlyList<ArtworkVariant> variants) =>
        EpsilonGreedy.Propensities(Scores(tastes, variants), Epsilon);

    /// <summary>The variant the model rates best (the first on a tie): the policy without exploration.</summary>
    public ArtworkVariant Best(MemberTastes tastes, IReadOnlyList<ArtworkVariant> variants)
    {
        var scores = Scores(tastes, variants);
        var best = 0;
        for (var i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        return variants[best];
    }

    /// <summary>One impression's outcome: <paramref name="played"/> if the member played the title within the window.</summary>
    public void Learn(MemberTastes tastes, ArtworkVariant shown, bool played)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArtworkFeatures.Extract(tastes, shown, _features);
        _model.Update(_features, played);
    }

    private double[] Scores(MemberTastes tastes, IReadOnlyList<ArtworkVariant> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0) throw new ArgumentException("a title with no artwork variants has nothing to choose from", nameof(variants));
        var scores = new double[variants.Count];
        for (var i = 0; i < variants.Count; i++)
        {
            ArtworkFeatures.Extract(tastes, variants[i], _features);
            scores[i] = _model.Logit(_features);
        }
        return scores;
    }
}
