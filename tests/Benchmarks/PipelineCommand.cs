using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary><c>Benchmarks pipeline [...]</c>: the media pipeline against one ffmpeg command (<see cref="PipelineBenchmark"/>).</summary>
/// <remarks>
/// The silo runs in this process, and a fresh .NET process compiles its code twice as it warms up (tiered
/// compilation: quick code first, optimized code for what runs often). A 4 s warm-up ingest runs each
/// per-chunk path only a few times, so without more the timed job would pay 3 to 8 CPU s of that one-time
/// recompilation, more than a long-running silo ever pays per job. The mode therefore runs itself again
/// with tiered compilation off (<c>DOTNET_TieredCompilation=0</c>: optimized code at the first call, during
/// the warm-up), unless <c>--tiered-jit</c> asks to measure the fresh process as it is. The report says
/// how much compiling the timed runs still did.
/// </remarks>
[Description("media pipeline against one ffmpeg command, same ladder")]
public sealed class PipelineCommand : BenchmarkCommand<PipelineSettings>
{
    private const string TieredCompilation = "DOTNET_TieredCompilation";

    protected override string Name => "pipeline benchmark";

    public override Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken) =>
        !settings.TieredJit && Environment.GetEnvironmentVariable(TieredCompilation) is null
            ? RunAgainWithoutTieringAsync(context.Arguments)
            : base.ExecuteAsync(context, settings, cancellationToken);

    protected override async Task RunAsync(PipelineSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var result = await PipelineBenchmark.RunAsync(options, Console.Error, cancellationToken);
        if (options.Json) PipelineReport.WriteJson(result);
        else PipelineReport.WriteTable(result);
    }

    /// <summary>The same command line (mode word included) in a child process with tiered compilation off.</summary>
    private static async Task<int> RunAgainWithoutTieringAsync(IReadOnlyList<string> args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this is");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // "dotnet Orleans.Netflix.Benchmarks.dll …" runs the host; the apphost (dotnet run) is the program itself.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(PipelineCommand).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[TieredCompilation] = "0";
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
