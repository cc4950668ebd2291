using System.Globalization;
using Orleans.Netflix.Hosting.CommandLine;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The benchmarks' command line: one command per mode, the grain-call benchmark when no mode is named. Bad usage (an unknown
/// option, a value out of range) is one line on standard error and exit 2, before anything runs; a run that fails exits 1.
/// </summary>
public static class BenchmarkApp
{
    /// <summary>The exit code for a command line the app refuses.</summary>
    public const int BadUsage = 2;

    /// <summary>Every mode's settings, for the command-line checks every program of the solution shares (<see cref="CommandLineSwitches"/>).</summary>
    private static readonly Type[] Modes = [.. CommandLineSwitches.SettingsTypesOf(typeof(BenchmarkApp).Assembly)];

    public static async Task<int> RunAsync(IReadOnlyList<string> commandLine)
    {
        var args = WithShortListLength(commandLine);
        if (CommandLineSwitches.MissingValue(args, Modes) is { } missing)
        {
            Console.Error.WriteLine($"error: {missing}");
            return BadUsage;
        }
        return await Create(args).RunAsync(args);
    }

    /// <summary>
    /// The recommendations mode has always taken its list length as <c>--k N</c>; Spectre wants a long option name of two
    /// characters or more, so the option is <c>-k</c> and <c>--k</c> (or <c>--k=N</c>) is read as it.
    /// </summary>
    private static string[] WithShortListLength(IReadOnlyList<string> args) =>
    [
        .. args.SelectMany(arg => arg == "--k" ? ["-k"] : arg.StartsWith("--k=", StringComparison.Ordinal) ? ["-k", arg[4..]] : new[] { arg }),
    ];

    /// <param name="args">The command line, for naming the option in an error.</param>
    private static CommandApp Create(IReadOnlyList<string> args)
    {
        var app = new CommandApp();
        app.SetDefaultCommand<GrainCallsCommand>();
        app.Configure(config =>
        {
            config.SetApplicationName("Benchmarks");
            config.SetApplicationCulture(CultureInfo.InvariantCulture);
            // An option no mode knows is an error, not an argument quietly left over.
            config.UseStrictParsing();
            config.SetExceptionHandler((exception, _) =>
            {
                // One line, not Spectre's framed rendering: scripts read standard error and people copy it.
                var hint = exception is CommandParseException ? " See --help." : "";
                Console.Error.WriteLine($"error: {CommandLineSwitches.Explain(exception.Message, args, Modes)}{hint}");
                return exception is CommandAppException ? BadUsage : 1;
            });
            // Command lines the docs give, shown by --help and parsed at every start (ValidateExamples), so a change that broke one fails at once.
            config.ValidateExamples();
            config.AddExample("--seconds", "5");
            config.AddCommand<PipelineCommand>(PipelineOptions.Mode)
                .WithExample(PipelineOptions.Mode, "--seconds", "60", "--rounds", "3")
                .WithExample(PipelineOptions.Mode, "--silos", "1,2,4,8", "--tiered-jit", "--json");
            config.AddCommand<OffloadCommand>(OffloadOptions.Mode).WithExample(OffloadOptions.Mode, "--alphas", "0.8,1.0,1.2", "--keep-bonus", "25");
            config.AddCommand<EdgeBenchmarkCommand>(EdgeBenchmarkOptions.Mode).WithExample(EdgeBenchmarkOptions.Mode, "--duration", "10", "--rounds", "3");
            config.AddCommand<AbrCommand>(AbrOptions.Mode)
                .WithExample(AbrOptions.Mode, "--ladder", "400,800,1500", "--segments", "8")
                .WithExample(AbrOptions.Mode, "--ladder", "title", "--ladder", "235,375,560", "--jitter", "0.1");
            config.AddCommand<PressPlayCommand>(PressPlayBenchmark.Mode).WithExample(PressPlayBenchmark.Mode, "--seconds", "2");
            config.AddCommand<RegionsCommand>(RegionsOptions.Mode).WithExample(RegionsOptions.Mode, "--heartbeat-ms", "10000", "--beat-on-move");
            config.AddCommand<ArtworkCommand>(ArtworkOptions.Mode).WithExample(ArtworkOptions.Mode, "--impressions", "100000", "--epsilon", "1");
            config.AddCommand<RecommendationsCommand>(RecommendationsOptions.Mode)
                .WithExample(RecommendationsOptions.Mode, "--population", "genres")
                .WithExample(RecommendationsOptions.Mode, "--factors", "64", "--alpha", "5", "--lambda", "5", "--iterations", "6");
            config.AddCommand<BrowseCommand>(BrowseBenchmark.Mode).WithExample(BrowseBenchmark.Mode, "--memory-log");
            config.AddCommand<DbRestartCommand>(DbRestartOptions.Mode).WithExample(DbRestartOptions.Mode, "--silos", "2", "--warmup", "20", "--baseline", "10", "--outage", "5", "--after", "30");
        });
        return app;
    }
}
