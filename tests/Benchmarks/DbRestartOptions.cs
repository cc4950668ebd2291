namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The db-restart mode's options, as <see cref="DbRestartSettings"/> reads them from its command line:
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

    public static readonly DbRestartOptions Default = new(Silos: 2, WarmupSeconds: 20, BaselineSeconds: 10, OutageSeconds: 5, AfterSeconds: 30, Json: false);
}
