namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// Robust MPC (Yin et al., SIGCOMM 2015), as Pensieve's baseline runs it: the throughput prediction is the
/// harmonic mean of the last five downloads divided by 1 + the largest relative error of the last five
/// predictions (|predicted − measured| / measured), and every plan over the next five segments is scored by
/// <see cref="MpcPlan"/> at that prediction, with the segments' real sizes where the index gives them.
/// Before the first download it takes the lowest rendition.
/// </summary>
public sealed class RobustMpcRule(int horizon = 5) : IAbrRule
{
    private readonly RobustPrediction _prediction = new();

    public string Name => "robust MPC";

    public int Choose(AbrContext context) =>
        _prediction.Next(context) is { } kbps ? MpcPlan.Best(context, kbps, horizon) : context.Lowest;
}

/// <summary>
/// Robust MPC's throughput prediction: the harmonic-mean estimate discounted by the worst of its own recent
/// relative errors, so a link that has been surprising is planned for pessimistically. One per session: it
/// remembers its past predictions.
/// </summary>
public sealed class RobustPrediction(int window = 5)
{
    private readonly Queue<double> _errors = new();
    private double? _last;

    /// <summary>The largest relative error of the last predictions (0 before any).</summary>
    public double MaxError => _errors.Count == 0 ? 0 : _errors.Max();

    /// <summary>The discounted prediction for the next download, in kb/s (null before the first download).</summary>
    public double? Next(AbrContext context)
    {
        if (context.ThroughputKbps is not { } estimate) return null;
        var error = _last is { } last && context.RecentThroughputKbps is { Count: > 0 } samples
            ? Math.Abs(last - samples[^1]) / samples[^1]
            : 0;
        _errors.Enqueue(error);
        while (_errors.Count > window) _errors.Dequeue();
        _last = estimate;
        return estimate / (1 + MaxError);
    }
}
