using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints an <see cref="OffloadResult"/> as a table or as one JSON object.</summary>
public static class OffloadReport
{
    public static void WriteTable(OffloadResult result)
    {
        var o = result.Options;
        var first = result.Runs[0];
        var table = new Table()
            .Title($"{o.Titles} titles ({first.CatalogBytes / 1e12:0.0} TB), {o.Edges} edges of {o.EdgeShare:P0} of the catalog each, " +
                   $"{o.Days} days x {o.PlaysPerDay} plays (day 1 warm-up): share of bytes served from edges")
            .AddColumn("policy");
        foreach (var run in result.Runs) table.AddColumn(new TableColumn($"Zipf {run.Alpha:0.0#}").RightAligned());
        for (var s = 0; s < OffloadBenchmark.Scenarios.Length; s++)
        {
            table.AddRow([OffloadBenchmark.Scenarios[s].Name, .. result.Runs.Select(r => $"{r.Outcomes[s].Offload:P1}")]);
        }
        table.AddRow(["best whole-title placement (bound)", .. result.Runs.Select(r => $"{r.WholeTitleBound:P1}")]);
        table.AddRow(["best placement of any objects (bound)", .. result.Runs.Select(r => $"{r.ObjectBound:P1}")]);
        AnsiConsole.Write(table);

        var detail = new Table().Title("origin and fill bytes per measured day, busiest edge's share of bytes served").AddColumn("Zipf").AddColumn("policy")
            .AddColumn(new TableColumn("origin GB/day").RightAligned())
            .AddColumn(new TableColumn("fill GB/day").RightAligned())
            .AddColumn(new TableColumn("busiest edge").RightAligned());
        var days = o.Days - 1;
        foreach (var run in result.Runs)
        {
            foreach (var outcome in run.Outcomes)
            {
                detail.AddRow($"{run.Alpha:0.0#}", outcome.Scenario.Name, $"{outcome.OriginBytes / 1e9 / days:0}", $"{outcome.FillBytes / 1e9 / days:0}", $"{outcome.BusiestEdgeShare:P0}");
            }
        }
        AnsiConsole.Write(detail);
    }

    public static void WriteJson(OffloadResult result) => Report.PrintJson(new
    {
        machine = Report.Machine(),
        titles = result.Options.Titles,
        edges = result.Options.Edges,
        edgeShare = result.Options.EdgeShare,
        days = result.Options.Days,
        fillShare = result.Options.FillShare,
        playsPerDay = result.Options.PlaysPerDay,
        seed = result.Options.Seed,
        runs = result.Runs.Select(r => new
        {
            alpha = r.Alpha,
            catalogBytes = r.CatalogBytes,
            plays = r.Plays,
            wholeTitleBound = r.WholeTitleBound,
            objectBound = r.ObjectBound,
            outcomes = r.Outcomes.Select(x => new { policy = x.Scenario.Name, offload = x.Offload, edgeBytes = x.EdgeBytes, originBytes = x.OriginBytes, fillBytes = x.FillBytes, busiestEdgeShare = x.BusiestEdgeShare }),
        }),
    });
}
