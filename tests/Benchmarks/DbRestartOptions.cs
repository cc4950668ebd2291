namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The db-restart mode's command line (the mode word already removed):
/// <c>db-restart [--silos N] [--warmup S] [--baseline S] [--outage S] [--after S] [--json]</c>.
/// </summary>
/// <param name="Silos">Silo processes of the region.</param>
/// <param name="WarmupSeconds">Load before the baseline is measured (JIT, pools, activations settle).</param>
/// <param name="BaselineSeconds">The load's rate over this long before the stop is "before".</param>
/// <param name="OutageSeconds">How long the PostgreSQL server stays stopped.</param>
/// <param name="AfterSeconds">How long the load goes on after the server is started again.</param>
public sealed record DbRestartOptions(int Silos, int WarmupSeconds, int BaselineSeconds, int OutageSeconds, int AfterSeconds, bool Json)
{
    public const string Mode = "db-restart";

    public const string Usage = "usage: Benchmarks db-restart [--silos N (silo processes, default 2)] [--warmup S (load before the baseline, default 20)] " +
        "[--baseline S (rate before the stop measured over, default 10)] [--outage S (server stopped for, default 5)] [--after S (load after the restart, default 30)] [--json]";

    public static readonly DbRestartOptions Default = new(Silos: 2, WarmupSeconds: 20, BaselineSeconds: 10, OutageSeconds: 5, AfterSeconds: 30, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static DbRestartOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--silos" => options with { Silos = reader.Whole(1, 4) },
                "--warmup" => options with { WarmupSeconds = reader.Whole(0, 600) },
                "--baseline" => options with { BaselineSeconds = reader.Whole(2, 600) },
                "--outage" => options with { OutageSeconds = reader.Whole(0, 600) },
                "--after" => options with { AfterSeconds = reader.Whole(5, 600) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        return options;
    }
}
