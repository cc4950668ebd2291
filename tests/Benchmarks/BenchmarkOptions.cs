namespace Orleans.Netflix.Benchmarks;

/// <summary>The benchmark's command line: <c>[--seconds N] [--concurrency N] [--json]</c>.</summary>
public sealed record BenchmarkOptions(int Seconds, int Concurrency, bool Json)
{
    public const string Usage = "usage: Benchmarks [--seconds N (default 5)] [--concurrency N (default 200)] [--json]";

    public static readonly BenchmarkOptions Default = new(Seconds: 5, Concurrency: 200, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--seconds" => options with { Seconds = reader.Whole(1, 600) },
                "--concurrency" => options with { Concurrency = reader.Whole(1, 10_000) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        return options;
    }
}
