namespace Orleans.Netflix.Benchmarks;

/// <summary>The options of the grain-call, press-play and browse modes, as <see cref="CallRateSettings"/> and <see cref="BrowseSettings"/> read them.</summary>
public sealed record BenchmarkOptions(int Seconds, int Concurrency, bool Json)
{
    public static readonly BenchmarkOptions Default = new(Seconds: 5, Concurrency: 200, Json: false);
}
