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

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
