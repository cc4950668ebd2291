namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The edge mode's command line (the mode word already removed):
/// <c>edge [--duration S] [--rounds N] [--connections N] [--threads N] [--json]</c>; the last three go to wrk as they are.
/// </summary>
public sealed record EdgeBenchmarkOptions(int Duration, int Rounds, int Connections, int Threads, bool Json)
{
    public const string Mode = "edge";

    public const string Usage = "usage: Benchmarks edge [--duration S (seconds per wrk run, default 10)] [--rounds N (timed runs per server, default 3)] " +
        "[--connections N (wrk -c, default 16)] [--threads N (wrk -t, default 1)] [--json]";

    public static readonly EdgeBenchmarkOptions Default = new(Duration: 10, Rounds: 3, Connections: 16, Threads: 1, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static EdgeBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--duration" => options with { Duration = reader.Whole(1, 600) },
                "--rounds" => options with { Rounds = reader.Whole(1, 100) },
                "--connections" => options with { Connections = reader.Whole(1, 1000) }, // nginx is given 1024 connections per worker
                "--threads" => options with { Threads = reader.Whole(1, 256) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        // wrk refuses fewer connections than threads (each thread needs at least one).
        if (options.Connections < options.Threads)
            throw new ArgumentException($"--connections ({options.Connections}) must be at least --threads ({options.Threads}). {Usage}");
        return options;
    }
}
