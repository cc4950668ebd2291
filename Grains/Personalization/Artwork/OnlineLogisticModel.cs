namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>
/// Logistic regression over sparse features, trained online one outcome at a time with AdaGrad (a step size per
/// feature that shrinks as that feature is seen, so rare features such as one image still learn fast) and a small
/// L2 pull towards zero. Predicts the probability of a play.
/// </summary>
public sealed class OnlineLogisticModel(double learningRate = 0.1, double l2 = 1e-5)
{
    private readonly Dictionary<FeatureKey, (double Weight, double SquaredGradients)> _weights = [];

    public int FeatureCount => _weights.Count;

    public double Weight(FeatureKey key) => _weights.TryGetValue(key, out var w) ? w.Weight : 0;

    public double Logit(List<(FeatureKey Key, double Value)> features)
    {
        var sum = 0.0;
        foreach (var (key, value) in features) sum += Weight(key) * value;
        return sum;
    }

    public double Predict(List<(FeatureKey Key, double Value)> features) => Sigmoid(Logit(features));

    public void Update(List<(FeatureKey Key, double Value)> features, bool outcome)
    {
        var error = Predict(features) - (outcome ? 1 : 0);
        foreach (var (key, value) in features)
        {
            var (weight, squared) = _weights.TryGetValue(key, out var w) ? w : (0, 0);
            var gradient = error * value + l2 * weight;
            squared += gradient * gradient;
            weight -= learningRate * gradient / (Math.Sqrt(squared) + 1e-8);
            _weights[key] = (weight, squared);
        }
    }

    /// <summary>
    /// Every learnt weight with its AdaGrad history, so that a model restored with <see cref="Import"/> predicts and keeps
    /// learning exactly as this one would. Non-finite entries are left out. Order is unspecified.
    /// </summary>
    public List<ModelWeight> Export()
    {
        var weights = new List<ModelWeight>(_weights.Count);
        foreach (var (key, (weight, squared)) in _weights)
        {
            if (double.IsFinite(weight) && double.IsFinite(squared)) weights.Add(new ModelWeight(key.Name, key.Value, weight, squared));
        }
        return weights;
    }

    /// <summary>Replaces every weight with <paramref name="weights"/> (what <see cref="Export"/> gave); non-finite entries are skipped.</summary>
    public void Import(IEnumerable<ModelWeight> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights.Clear();
        foreach (var w in weights)
        {
            if (w.Name is null || w.Value is null || !double.IsFinite(w.Weight) || !double.IsFinite(w.SquaredGradients) || w.SquaredGradients < 0) continue;
            _weights[new FeatureKey(w.Name, w.Value)] = (w.Weight, w.SquaredGradients);
        }
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
