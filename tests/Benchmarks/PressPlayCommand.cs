using System.ComponentModel;
using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary><c>Benchmarks press-play [--seconds N] [--concurrency N] [--json]</c>: <see cref="PressPlayBenchmark"/>.</summary>
[Description("StartPlayback, and press play through the website")]
public sealed class PressPlayCommand : BenchmarkCommand<CallRateSettings>
{
    protected override string Name => "press-play benchmark";

    protected override async Task RunAsync(CallRateSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var r = await PressPlayBenchmark.RunAsync(options, Console.Error, cancellationToken);
        var web = r.Web;
        var half = web.HalfRate;
        if (options.Json)
        {
            Report.PrintJson(new
            {
                machine = Report.Machine(),
                seconds = options.Seconds,
                concurrency = options.Concurrency,
                members = r.Members,
                titles = r.Titles,
                edges = r.Edges,
                primingRounds = r.Priming.Rounds,
                primingSettled = r.Priming.Settled,
                measurements = Report.CallRatesJson(r.ClosedLoop),
                ratio = Math.Round(r.Ratio, 4),
                web = new
                {
                    devices = web.Devices,
                    signInSeconds = Math.Round(web.SignInTime.TotalSeconds, 2),
                    playVsStartPlayback = Math.Round(web.Play.CallsPerSecond / r.StartPlayback.CallsPerSecond, 4),
                    playVsNoOp = Math.Round(web.Play.CallsPerSecond / r.BaselineCallsPerSecond, 4),
                    p99LimitMicroseconds = web.Bound.P99LimitMicroseconds,
                    minAchievedShare = web.Bound.MinAchievedShare,
                    disturbedAboveCores = web.Bound.DisturbedAboveCores,
                    highestRateWithinP99 = web.Bound.Rate,
                    highestRateVsStartPlayback = Math.Round(web.Bound.Rate / r.StartPlayback.CallsPerSecond, 4),
                    steps = web.Bound.Steps.Select(StepJson),
                    halfRate = half is null ? null : StepJson(half),
                },
            });
            return;
        }
        Report.WriteCallRates($"press play: {options.Concurrency} calls in flight, {options.Seconds} s each, one silo, external client; the website in this process",
            r.ClosedLoop, r.BaselineCallsPerSecond, "0.00");

        var steps = new Table().Title($"press play through the website at fixed rates, {web.Devices} signed-in devices: latency from each request's due time; " +
                                      $"meets = p99 ≤ {web.Bound.P99LimitMicroseconds / 1000:0} ms, no errors, ≥ {web.Bound.MinAchievedShare:P0} answered")
            .AddColumn(new TableColumn("offered/s").RightAligned()).AddColumn(new TableColumn("answered/s").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("err+drop").RightAligned()).AddColumn(new TableColumn("GC ms (n)").RightAligned())
            .AddColumn(new TableColumn("others").RightAligned()).AddColumn("meets");
        foreach (var step in web.Bound.Steps.OrderBy(s => s.OfferedPerSecond))
            AddStep(steps, step, Meets(web, step) ? "yes" : step.Machine.OtherCores > web.Bound.DisturbedAboveCores ? "no, busy" : "no");
        if (half is not null) AddStep(steps, half, "(half)");
        AnsiConsole.Write(steps);

        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        Console.WriteLine($"StartPlayback / no-op: {r.Ratio:0.00}× (target ≥ 0.25); web play / StartPlayback: {web.Play.CallsPerSecond / r.StartPlayback.CallsPerSecond:0.00}× " +
                          $"(web play / no-op: {web.Play.CallsPerSecond / r.BaselineCallsPerSecond:0.000}×)");
        Console.WriteLine(web.Bound.Rate > 0
            ? $"web press play, highest rate with p99 ≤ {web.Bound.P99LimitMicroseconds / 1000:0} ms: {web.Bound.Rate:N0}/s " +
              $"({web.Bound.Rate / r.StartPlayback.CallsPerSecond:0.00}× the StartPlayback closed-loop rate)" +
              (half is null ? "" : $"; at half ({half.OfferedPerSecond:N0}/s): p50 {half.P50Microseconds / 1000:0.0} ms, p99 {half.P99Microseconds / 1000:0.0} ms")
            : $"web press play: no rate tried had p99 ≤ {web.Bound.P99LimitMicroseconds / 1000:0} ms");
        Console.WriteLine($"{web.Devices} devices signed in in {web.SignInTime.TotalSeconds:0.0} s; priming {r.Priming.Rounds} rounds" +
                          $"{(r.Priming.Settled ? "" : " (JIT had NOT settled)")}; {Report.MachineLine}");
    }

    private static bool Meets(WebPressPlay web, OpenLoopStep step) => step.Meets(web.Bound.P99LimitMicroseconds, web.Bound.MinAchievedShare);

    /// <summary>
    /// One step: GC ms (n) is the time the collector paused this process during it (in n collections), others the cores other
    /// processes used meanwhile.
    /// </summary>
    private static void AddStep(Table table, OpenLoopStep step, string verdict) => table.AddRow(
        $"{step.OfferedPerSecond:N0}", $"{step.AchievedPerSecond:N0}", $"{step.P50Microseconds / 1000:0.0}", $"{step.P99Microseconds / 1000:0.0}",
        $"{step.Errors + step.Dropped}", $"{step.Machine.GcPaused.TotalMilliseconds:0} ({step.Machine.Collections})", $"{step.Machine.OtherCores:0.00}", verdict);

    private static object StepJson(OpenLoopStep step) => new
    {
        offeredPerSecond = step.OfferedPerSecond,
        answeredPerSecond = Math.Round(step.AchievedPerSecond, 1),
        requests = step.Requests,
        errors = step.Errors,
        dropped = step.Dropped,
        p50Microseconds = Math.Round(step.P50Microseconds, 1),
        p99Microseconds = Math.Round(step.P99Microseconds, 1),
        firstError = step.FirstError,
        thisProcessCores = Math.Round(step.Machine.SelfCores, 2),
        otherProcessesCores = Math.Round(step.Machine.OtherCores, 2),
        gcPauseMilliseconds = Math.Round(step.Machine.GcPaused.TotalMilliseconds, 1),
        collections = step.Machine.Collections,
        gen2Collections = step.Machine.Gen2Collections,
    };
}
