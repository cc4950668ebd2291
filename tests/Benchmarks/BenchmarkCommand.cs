using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// A benchmark mode: its settings arrive parsed and validated (bad usage never gets here, see <see cref="BenchmarkApp"/>); the run goes through
/// <see cref="ConsoleRunner"/>, which cancels it on Ctrl+C or SIGTERM and turns a failure into one line and exit 1.
/// </summary>
public abstract class BenchmarkCommand<TSettings> : AsyncCommand<TSettings> where TSettings : BenchmarkSettings
{
    /// <summary>How a failure names the run: "error: {Name} failed: …".</summary>
    protected abstract string Name { get; }

    public override Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken) =>
        ConsoleRunner.RunAsync(Name, stop => RunAsync(settings, stop));

    protected abstract Task RunAsync(TSettings settings, CancellationToken cancellationToken);
}
