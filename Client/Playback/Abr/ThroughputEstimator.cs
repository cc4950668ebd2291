namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// The throughput estimate rules act on: the harmonic mean of the last few segment downloads, which a
/// single fast download cannot inflate (the same estimator as MPC and Pensieve's baselines).
/// </summary>
public sealed class ThroughputEstimator(int window = 5)
{
    private readonly Queue<double> _samples = new();

    /// <summary>Null until the first download.</summary>
    public double? Kbps => _samples.Count == 0 ? null : _samples.Count / _samples.Sum(s => 1 / s);

    /// <summary>The last few downloads' throughput in kb/s, oldest first.</summary>
    public IReadOnlyList<double> Samples => [.. _samples];

    public void Add(long bytes, TimeSpan elapsed)
    {
        if (bytes <= 0 || elapsed <= TimeSpan.Zero) return;
        _samples.Enqueue(bytes * 8 / 1000.0 / elapsed.TotalSeconds);
        while (_samples.Count > window) _samples.Dequeue();
    }
}
