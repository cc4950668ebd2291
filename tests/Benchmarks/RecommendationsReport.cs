using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints a <see cref="RecommendationsResult"/> as a table or as one JSON object.</summary>
public static class RecommendationsReport
{
    public const double TargetRatio = 2.0;

    public static void WriteTable(RecommendationsResult result)
    {
        var o = result.Options;
        var table = new Table()
            .Title($"{o.Population} population: {o.Members} members, {o.Titles} titles ({result.Genres} genres{(o.Population == RecommendationsOptions.MicroGenres ? $", {result.MicroGenres} micro-genres" : "")}), {o.MinPlays}-{o.MaxPlays} plays each, last {o.Holdout:P0} held out: top {o.K} per member")
            .AddColumn("model")
            .AddColumn(new TableColumn($"recall@{o.K}").RightAligned())
            .AddColumn(new TableColumn($"NDCG@{o.K}").RightAligned())
            .AddColumn(new TableColumn("recall vs popularity").RightAligned())
            .AddColumn(new TableColumn("catalog shown").RightAligned())
            .AddColumn(new TableColumn("distinct lists").RightAligned())
            .AddColumn(new TableColumn("training").RightAligned())
            .AddColumn(new TableColumn("µs per list").RightAligned());
        foreach (var x in result.Outcomes)
        {
            table.AddRow(Markup.Escape(x.Name), $"{x.Recall:0.000}", $"{x.Ndcg:0.000}", $"{x.Recall / result.Popularity.Recall:0.00}×", $"{x.Coverage:P1}",
                $"{x.DistinctLists:P1}", $"{x.Training.TotalMilliseconds:N0} ms", $"{x.MicrosecondsPerList:N0}");
        }
        // Wide enough for every column when output is redirected (AnsiConsole assumes 80 columns there).
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
        AnsiConsole.Write(table);
        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        foreach (var name in new[] { RecommendationsResult.ItemItem, RecommendationsResult.Als })
        {
            var ratio = result.RecallRatio(name);
            Console.WriteLine($"recall@{o.K}: {name} = {ratio:0.00}× overall popularity (target at least {TargetRatio:0.0}×: {(ratio >= TargetRatio ? "met" : "MISSED")})");
        }
        Console.WriteLine(
            $"{result.TrainPlays:N0} training plays, {result.HeldOutPlays:N0} held out; {o.PopularShare:P0} of plays drawn from overall popularity; " +
            $"{result.NeighboursKept:N0} neighbours kept ({o.Neighbours} per title, shrinkage {o.Shrinkage}); " +
            $"ALS {o.Factors} factors, {o.Iterations} iterations, alpha {o.Alpha}, lambda {o.Lambda}; seed {o.Seed}");
        Console.WriteLine($"machine: {Report.MachineLine}");
    }

    public static void WriteJson(RecommendationsResult result) => Report.PrintJson(new
    {
        machine = Report.Machine(),
        population = result.Options.Population,
        microGenres = result.MicroGenres,
        titles = result.Options.Titles,
        members = result.Options.Members,
        minPlays = result.Options.MinPlays,
        maxPlays = result.Options.MaxPlays,
        holdout = result.Options.Holdout,
        popularShare = result.Options.PopularShare,
        tasteSkew = result.Options.TasteSkew,
        k = result.Options.K,
        neighbours = result.Options.Neighbours,
        shrinkage = result.Options.Shrinkage,
        factors = result.Options.Factors,
        iterations = result.Options.Iterations,
        alpha = result.Options.Alpha,
        lambda = result.Options.Lambda,
        seed = result.Options.Seed,
        trainPlays = result.TrainPlays,
        heldOutPlays = result.HeldOutPlays,
        neighboursKept = result.NeighboursKept,
        itemItemRecallRatio = result.RecallRatio(RecommendationsResult.ItemItem),
        alsRecallRatio = result.RecallRatio(RecommendationsResult.Als),
        models = result.Outcomes.Select(x => new
        {
            model = x.Name,
            recall = x.Recall,
            ndcg = x.Ndcg,
            catalogShown = x.Coverage,
            distinctLists = x.DistinctLists,
            trainingMs = x.Training.TotalMilliseconds,
            microsecondsPerList = x.MicrosecondsPerList,
        }),
    });
}
