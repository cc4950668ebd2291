using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints an <see cref="ArtworkResult"/> as tables or as one JSON object.</summary>
public static class ArtworkReport
{
    public static void WriteTable(ArtworkResult result)
    {
        var o = result.Options;
        var globalBest = result.Outcome(ArtworkBenchmark.GlobalBest);
        var online = new Table()
            .Title($"{o.Titles} titles ({result.Variants} images), {o.Members} members with hidden tastes, {o.Impressions:N0} impressions per policy: take rate = plays / impressions")
            .AddColumn("policy")
            .AddColumn(new TableColumn("plays").RightAligned())
            .AddColumn(new TableColumn("take rate").RightAligned())
            .AddColumn(new TableColumn("last quarter").RightAligned())
            .AddColumn(new TableColumn("vs global best").RightAligned())
            .AddColumn(new TableColumn("last quarter vs global best").RightAligned());
        foreach (var outcome in result.Online)
        {
            online.AddRow(Markup.Escape(outcome.Policy), $"{outcome.Plays:N0}", $"{outcome.TakeRate:P2}", $"{outcome.LateTakeRate:P2}",
                $"{outcome.TakeRate / globalBest.TakeRate:0.00}×", $"{outcome.LateTakeRate / globalBest.LateTakeRate:0.00}×");
        }
        AnsiConsole.Write(online);

        var replayBest = result.ReplayOf(ArtworkBenchmark.GlobalBest).Replay.TakeRate;
        var replay = new Table()
            .Title($"replay: {o.Logged:N0} impressions logged with uniformly random artwork, trained on the first half, judged on the matches in the second")
            .AddColumn("policy")
            .AddColumn(new TableColumn("matches").RightAligned())
            .AddColumn(new TableColumn("plays").RightAligned())
            .AddColumn(new TableColumn("replay take rate").RightAligned())
            .AddColumn(new TableColumn("vs global best").RightAligned())
            .AddColumn(new TableColumn("true take rate").RightAligned());
        foreach (var r in result.Replays)
        {
            replay.AddRow(Markup.Escape(r.Policy), $"{r.Replay.Matches:N0}", $"{r.Replay.Plays:N0}", $"{r.Replay.TakeRate:P2}",
                $"{r.Replay.TakeRate / replayBest:0.00}×", $"{r.TrueTakeRate:P2}");
        }
        AnsiConsole.Write(replay);

        var personalized = result.Outcome(ArtworkBenchmark.Personalized);
        var ratio = personalized.TakeRate / globalBest.TakeRate;
        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        Console.WriteLine(
            $"personalized take rate = {ratio:0.00}× the global best (target 1.2×: {(ratio >= 1.2 ? "met" : "NOT met")}); " +
            $"replay {result.ReplayOf(ArtworkBenchmark.Personalized).Replay.TakeRate / replayBest:0.00}×; " +
            $"history only {result.Outcome(ArtworkBenchmark.HistoryOnly).TakeRate / globalBest.TakeRate:0.00}×; " +
            $"last quarter {personalized.LateTakeRate / globalBest.LateTakeRate:0.00}×; " +
            $"bandit: epsilon-greedy {o.Epsilon:0.##%} over an online logistic model (AdaGrad step {o.LearningRate}); A/B explores {o.ExplorePerTitle} impressions per title; " +
            $"seed {o.Seed}; {result.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"machine: {Report.MachineLine}");
    }

    public static void WriteJson(ArtworkResult result) => Report.PrintJson(new
    {
        machine = Report.Machine(),
        settings = result.Options with { Json = false },
        variants = result.Variants,
        seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
        personalizedVsGlobalBest = result.Outcome(ArtworkBenchmark.Personalized).TakeRate / result.Outcome(ArtworkBenchmark.GlobalBest).TakeRate,
        online = result.Online.Select(x => new { policy = x.Policy, impressions = x.Impressions, plays = x.Plays, takeRate = x.TakeRate, lastQuarterTakeRate = x.LateTakeRate, expectedTakeRate = x.ExpectedTakeRate }),
        replay = result.Replays.Select(r => new { policy = r.Policy, logged = r.Replay.Logged, matches = r.Replay.Matches, plays = r.Replay.Plays, takeRate = r.Replay.TakeRate, trueTakeRate = r.TrueTakeRate }),
    });
}
