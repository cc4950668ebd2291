using System.ComponentModel;
using System.Text.Json;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Regions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Evacuation drill: mark a region evacuated (or restored) in every region, watch clients move, print the timeline")]
public sealed class DrillCommand : AsyncCommand<DrillCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<ACTION>"), Description("evacuate or restore")]
        public string Action { get; init; } = "";

        [CommandArgument(1, "<REGION>"), Description("us-east, us-west or eu-west")]
        public string Target { get; init; } = "";

        [CommandOption("--watch <SECONDS>"), Description("the longest to watch clients move once the mark is taken (default 30)")]
        public double Watch { get; init; } = 30;

        public override ValidationResult Validate() =>
            Action is not ("evacuate" or "restore") ? ValidationResult.Error("ACTION must be evacuate or restore")
            : !ClientConfiguration.Regions.All.Any(r => r.Name == Target) ? ValidationResult.Error($"unknown region '{Target}': expected one of {string.Join(", ", ClientConfiguration.Regions.All.Select(r => r.Name))}")
            : Watch is <= 0 or > 3600 ? ValidationResult.Error("--watch must be above 0 and at most 3600")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var connections = new RegionConnections(RegionEndpoints.Resolve(settings, settings.RegionsFile));
            var runner = new DrillRunner(connections);
            Action<string>? progress = settings.Json ? null : line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");
            var timeline = await runner.RunAsync(settings.Action == "evacuate", settings.Target, TimeSpan.FromSeconds(settings.Watch), progress, cancellationToken);
            if (settings.Json) Console.WriteLine(JsonSerializer.Serialize(timeline, JsonOptions));
            else Print(timeline);
            return timeline.Complete ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (ClusterUnreachableException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static void Print(DrillTimeline t)
    {
        var regions = ClientConfiguration.Regions.All.Select(r => r.Name).ToArray();
        var table = new Table().Title($"stream starts / heartbeats per second, drill {t.Action} {t.Region} at +0 s");
        table.AddColumn("second");
        foreach (var r in regions) table.AddColumn(new TableColumn(r).RightAligned());
        var start = t.StartedAt.ToUnixTimeSeconds();
        foreach (var second in t.PerSecond.GroupBy(s => s.UnixSecond).OrderBy(g => g.Key))
        {
            table.AddRow([$"{second.Key - start:+0;-0;0}", .. regions.Select(r => second.FirstOrDefault(s => s.Region == r) is { } s ? $"{s.Starts} / {s.Heartbeats}" : "-")]);
        }
        AnsiConsole.Write(table);
        if (t.Action == "restore")
        {
            AnsiConsole.MarkupLineInterpolated($"{t.Region} restored after {t.MarkedAfter.TotalSeconds:0.00} s; {t.Moves.Count} session(s) moved back to it.");
            return;
        }
        if (t.Complete)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[green]evacuation of {t.Region} complete[/]: marked after {t.MarkedAfter.TotalSeconds:0.00} s; {t.Tracked} session(s) moved, the first after {(t.Moves.Count > 0 ? t.Moves.Min(m => m.After).TotalSeconds : 0):0.00} s, the last after {t.AllMovedAfter!.Value.TotalSeconds:0.00} s");
        }
        else if (t.Unread is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]evacuation of {t.Region} unconfirmed[/]: {t.Unread}; {t.Moves.Count} session(s) arrived from it within the watch");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[red]evacuation of {t.Region} incomplete[/]: {t.Moves.Count} of {t.Tracked} session(s) moved within the watch");
        }
    }
}
