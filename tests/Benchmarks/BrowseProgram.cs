using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks browse [--seconds N] [--concurrency N (members browsing at once, default 1000)] [--json]</c>:
/// <see cref="BrowseBenchmark"/>. Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
public static class BrowseProgram
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => ConsoleRunner.RunAsync(
        "browse benchmark",
        () => BenchmarkOptions.Parse(args.Contains("--concurrency") ? args : [.. args, "--concurrency", BrowseBenchmark.DefaultMembers.ToString()]),
        async (options, cancellationToken) =>
        {
            var r = await BrowseBenchmark.RunAsync(options, Console.Error, cancellationToken);
            var all = new[] { r.NoOpBefore, r.Browse, r.NoOpAfter };
            if (options.Json)
            {
                Report.PrintJson(new
                {
                    machine = Report.Machine(),
                    seconds = options.Seconds,
                    members = r.Members,
                    titles = r.Titles,
                    plays = r.Plays,
                    firstBrowseSeconds = Math.Round(r.FirstBrowse.TotalSeconds, 3),
                    titlesPerScreen = Math.Round(r.TitlesPerScreen, 1),
                    artworkChoicesPerSecond = Math.Round(r.ArtworkCallsPerSecond),
                    eventsPublished = r.EventsPublished,
                    eventsDropped = r.EventsDropped,
                    measurements = Report.CallRatesJson(all),
                    ratio = Math.Round(r.Ratio, 4),
                });
                return;
            }
            Report.WriteCallRates($"browse: {r.Members} members browsing at once, {options.Seconds} s each, one silo, external client", all, r.BaselineCallsPerSecond, "0.000");
            AnsiConsole.WriteLine($"{r.TitlesPerScreen:0.0} titles per screen, {r.ArtworkCallsPerSecond:N0} artwork choices/s; catalog {r.Titles} titles, " +
                                  $"{r.Plays} plays; first browse {r.FirstBrowse.TotalSeconds:0.00} s; analytics events published {r.EventsPublished:N0}, " +
                                  $"dropped {r.EventsDropped:N0}; {Report.MachineLine}");
        });
}
