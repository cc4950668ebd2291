namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The edge mode's options, as <see cref="EdgeBenchmarkSettings"/> reads them from its command line:
/// <c>edge [--duration S] [--rounds N] [--connections N] [--threads N] [--json]</c>; the last three go to wrk as they are.
/// </summary>
public sealed record EdgeBenchmarkOptions(int Duration, int Rounds, int Connections, int Threads, bool Json)
{
    public const string Mode = "edge";

    public static readonly EdgeBenchmarkOptions Default = new(Duration: 10, Rounds: 5, Connections: 16, Threads: 1, Json: false);
}
