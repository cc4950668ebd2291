using System.ComponentModel;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks browse [--seconds N] [--concurrency N (members browsing at once, default 1000)] [--memory-log] [--json]</c>:
/// <see cref="BrowseBenchmark"/>; <c>--memory-log</c> keeps every analytics event in the dev silo's in-memory log grain instead of
/// <see cref="CountingAnalyticsStore"/>.
/// </summary>
[Description("home screens per second, 1,000 members browsing")]
public sealed class BrowseCommand : BenchmarkCommand<BrowseSettings>
{
    protected override string Name => "browse benchmark";

    protected override async Task RunAsync(BrowseSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var r = await BrowseBenchmark.RunAsync(options, settings.MemoryLog, Console.Error, cancellationToken);
        var limit = BrowseResult.P99Limit.TotalMicroseconds;
        if (options.Json)
        {
            object Route(BrowseRoute route) => new
            {
                route = route.Name,
                before = Report.CallRatesJson([route.Before]).Single(),
                kept = Report.CallRatesJson([route.Kept]).Single(),
                ratio = Math.Round(route.Ratio, 2),
                fixedRate = new
                {
                    factor = route.FixedRateFactor,
                    offeredPerSecond = route.AtFixedRate.OfferedPerSecond,
                    achievedPerSecond = Math.Round(route.AtFixedRate.AchievedPerSecond, 1),
                    p50Microseconds = Math.Round(route.AtFixedRate.P50Microseconds, 1),
                    p99Microseconds = Math.Round(route.AtFixedRate.P99Microseconds, 1),
                    errors = route.AtFixedRate.Errors,
                    dropped = route.AtFixedRate.Dropped,
                    meetsP99Limit = route.AtFixedRate.Meets(limit, 0.95),
                },
                highestRateWithinP99Limit = route.Bound.Rate,
                highestRateRatio = Math.Round(route.BoundRatio, 2),
                boundSteps = route.Bound.Steps.Select(s => new
                {
                    offeredPerSecond = s.OfferedPerSecond,
                    achievedPerSecond = Math.Round(s.AchievedPerSecond, 1),
                    p50Microseconds = Math.Round(s.P50Microseconds, 1),
                    p99Microseconds = Math.Round(s.P99Microseconds, 1),
                    errors = s.Errors,
                    dropped = s.Dropped,
                    machine = s.Machine.ToString(),
                }),
            };
            Report.PrintJson(new
            {
                machine = Report.Machine(),
                seconds = options.Seconds,
                members = r.Members,
                titles = r.Titles,
                plays = r.Plays,
                firstBrowseSeconds = Math.Round(r.FirstBrowse.TotalSeconds, 3),
                titlesPerScreen = Math.Round(r.TitlesPerScreen, 1),
                p99LimitMilliseconds = BrowseResult.P99Limit.TotalMilliseconds,
                noOp = Report.CallRatesJson([r.NoOpBefore, r.NoOpAfter]),
                routes = new[] { Route(r.Grains), Route(r.Web) },
                eventsPublished = r.EventsPublished,
                eventsDropped = r.EventsDropped,
                analyticsLog = r.ImpressionsLogged is null ? "in-memory log grain" : "counting store",
                impressionsLogged = r.ImpressionsLogged,
                artworkImpressionsSent = r.ImpressionsSent,
                artworkImpressionsDropped = r.ImpressionsDropped,
                artworkBatches = r.ArtworkBatches,
                artworkModelCopies = r.ModelCopies,
                machineUse = r.Machine.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()),
            });
            return;
        }
        Report.WriteCallRates($"browse: {r.Members} members browsing at once, {options.Seconds} s each, one silo, external client and website",
            [r.NoOpBefore, r.Grains.Before, r.Grains.Kept, r.Web.Before, r.Web.Kept, r.NoOpAfter], r.BaselineCallsPerSecond, "0.000");
        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        foreach (var route in new[] { r.Grains, r.Web })
        {
            var s = route.AtFixedRate;
            Console.WriteLine($"{route.Name}: kept screens {route.Kept.CallsPerSecond:N0}/s, the path before {route.Before.CallsPerSecond:N0}/s: {route.Ratio:0.00}×; " +
                              $"kept at {route.FixedRateFactor}× the path before ({s.OfferedPerSecond:N0}/s offered, {r.Members} members): {s.AchievedPerSecond:N0}/s answered, " +
                              $"p50 {s.P50Microseconds / 1000:0.0} ms, p99 {s.P99Microseconds / 1000:0.0} ms, {s.Errors} errors, {s.Dropped} dropped: " +
                              $"{(s.Meets(limit, 0.95) ? "within" : "NOT within")} p99 ≤ {BrowseResult.P99Limit.TotalMilliseconds:0} ms; " +
                              $"highest fixed rate within it {route.Bound.Rate:N0}/s ({route.BoundRatio:0.00}× the path before)");
        }
        Console.WriteLine($"{r.TitlesPerScreen:0.0} titles per screen; catalog {r.Titles} titles, {r.Plays} plays; first browse {r.FirstBrowse.TotalSeconds:0.00} s; " +
                          $"analytics events published {r.EventsPublished:N0}, dropped {r.EventsDropped:N0}" +
                          (r.ImpressionsLogged is { } logged ? $", impressions in the (counting) log {logged:N0}" : " (in-memory log grain)") + $"; artwork impressions sent in batches {r.ImpressionsSent:N0} " +
                          $"({r.ArtworkBatches:N0} calls, {r.ModelCopies:N0} model copies), dropped {r.ImpressionsDropped:N0}");
        foreach (var (scenario, use) in r.Machine) Console.WriteLine($"  {scenario}: {use}");
        Console.WriteLine($"machine: {Report.MachineLine}");
    }
}
