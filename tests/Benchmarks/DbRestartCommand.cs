using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks db-restart [--silos N] [--warmup S] [--baseline S] [--outage S] [--after S] [--json]</c>: <see cref="DbRestartBenchmark"/>.
/// Exit 0 when the run held (no acknowledged write lost, no silo exited or left, every error a StorageUnavailableException
/// (or the conflict of a write whose answer the stop cut off) between the stop and the load running as before), 1 when it did not or failed, 2 on bad usage.
/// </summary>
[Description("PostgreSQL restarted under load: errors, recovery")]
public sealed class DbRestartCommand : BenchmarkCommand<DbRestartSettings>
{
    private bool _held = true;

    protected override string Name => "db-restart benchmark";

    public override async Task<int> ExecuteAsync(CommandContext context, DbRestartSettings settings, CancellationToken cancellationToken)
    {
        var exitCode = await base.ExecuteAsync(context, settings, cancellationToken);
        return exitCode == 0 && !_held ? 1 : exitCode;
    }

    protected override async Task RunAsync(DbRestartSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var r = await DbRestartBenchmark.RunAsync(options, Console.Error, cancellationToken);
        var t = r.Timeline;
        var window = t.ErrorWindow;
        double? Seconds(TimeSpan? time) => time is { } value ? Math.Round(value.TotalSeconds, 2) : null;
        var before = t.SuccessRate(t.StoppedAt - t.Baseline, t.StoppedAt);
        var after = t.RecoveredAfter is { } recovered ? t.SuccessRate(t.StartedAt + recovered, TimeSpan.MaxValue) : double.NaN;
        var unclear = t.UnclearFailures.Count;
        _held = unclear == 0 && r.Lost.Count == 0 && r.SilosRestarted == 0 && r.MembershipNotActive == 0 && t.RecoveredAfter is not null
                && t.Failures.All(f => f.Ended >= t.StoppedAt && f.Ended <= t.StartedAt + t.RecoveredAfter!.Value);
        if (options.Json)
        {
            Report.PrintJson(new
            {
                machine = Report.Machine(),
                silos = options.Silos,
                outageSeconds = options.OutageSeconds,
                stopSeconds = Seconds(r.StopTook),
                startSeconds = Seconds(r.StartTook),
                calls = t.Calls.Count,
                failedCalls = t.Failures.Count,
                firstErrorAfterStopSeconds = Seconds(window?.First - t.StoppedAt),
                lastErrorAfterStartSeconds = Seconds(window?.Last - t.StartedAt),
                errorWindowSeconds = Seconds(window?.Last - window?.First),
                outageSecondsMeasured = Seconds(t.StartedAt - t.StoppedAt),
                slowestFailureSeconds = Seconds(t.SlowestFailure),
                rateBeforePerSecond = Math.Round(t.RateBefore, 1),
                asBeforeAfterStartSeconds = Seconds(t.RecoveredAfter),
                rateAfterVsBefore = Math.Round(r.RateAfterVsBefore, 3),
                successRateBefore = Math.Round(before, 4),
                successRateAfter = Math.Round(after, 4),
                unclearFailures = unclear,
                firstUnclearFailure = t.UnclearFailures.FirstOrDefault()?.Error,
                failuresByKind = PlayAndWriteLoad.Kinds.ToDictionary(k => k, k => t.Failures.Count(f => f.Kind == k)),
                acknowledgedWrites = r.AcknowledgedWrites,
                acknowledgedSessions = r.AcknowledgedSessions,
                lost = r.Lost.Count,
                silosExited = r.SilosRestarted,
                membershipActive = r.MembershipActive,
                membershipNotActive = r.MembershipNotActive,
                held = _held,
            });
            return;
        }
        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        Console.WriteLine($"PostgreSQL stopped for {options.OutageSeconds} s under load ({options.Silos} silo processes; {t.RateBefore:0} successful calls/s before; " +
                          $"pg_ctl stop {r.StopTook.TotalSeconds:0.00} s, start {r.StartTook.TotalSeconds:0.00} s; down {(t.StartedAt - t.StoppedAt).TotalSeconds:0.0} s in all)");
        Console.WriteLine(window is { } w
            ? $"errors: {t.Failures.Count} of {t.Calls.Count} calls, from {(w.First - t.StoppedAt).TotalSeconds:0.00} s after the stop to {(w.Last - t.StartedAt).TotalSeconds:+0.00;-0.00} s " +
              $"from the restart (window {(w.Last - w.First).TotalSeconds:0.00} s); slowest failed call {t.SlowestFailure.TotalSeconds:0.00} s; " +
              string.Join(", ", PlayAndWriteLoad.Kinds.Select(k => $"{k} {t.Failures.Count(f => f.Kind == k)}")) +
              $"; not a StorageUnavailableException (or a conflict): {unclear}"
            : "errors: none");
        Console.WriteLine(t.RecoveredAfter is { } back
            ? $"as before {back.TotalSeconds:0.00} s after the restart (rate ≥ {OutageTimeline.RecoveredShare:P0} of before over {OutageTimeline.RateWindow.TotalSeconds:0} s, no error since); " +
              $"rate after / before {r.RateAfterVsBefore:0.00}×; success rate before {before:P2}, after {after:P2}"
            : "the load did NOT run as before again within the run");
        Console.WriteLine($"acknowledged: {r.AcknowledgedWrites} resume points, {r.AcknowledgedSessions} sessions; lost {r.Lost.Count}" +
                          (r.Lost.Count > 0 ? $": {string.Join("; ", r.Lost.Take(10))}" : ""));
        Console.WriteLine($"silos exited: {r.SilosRestarted}; membership at the end: {r.MembershipActive} active, {r.MembershipNotActive} other; {Report.MachineLine}");
    }
}
