using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Netflix.Media;
using Spectre.Console;

namespace Orleans.Netflix.Client.Output;

/// <summary>Where a title's media can be played, region by region, as a table or as a "regions" property beside a JSON object.</summary>
public static class PlacementOutput
{
    public static void Table(IReadOnlyList<RegionMedia> regions)
    {
        var table = new Table().Title("Where it plays").AddColumns("Region", "Media", "Detail");
        foreach (var r in regions)
        {
            var status = r.Status switch
            {
                RegionMediaStatus.Playable => "[green]Playable[/]",
                RegionMediaStatus.Failed => "[red]Failed[/]",
                var s => s.ToString(),
            };
            table.AddRow(Markup.Escape(r.Region), status, Markup.Escape(r.Describe()));
        }
        AnsiConsole.Write(table);
    }

    /// <summary><paramref name="value"/> as JSON with a "regions" array added: region, status, detail, and what the region's origin holds.</summary>
    public static void Json<T>(T value, IReadOnlyList<RegionMedia> regions)
    {
        var json = JsonSerializer.SerializeToNode(value, Output.Json.Options)!.AsObject();
        json["regions"] = JsonSerializer.SerializeToNode(regions.Select(r => new { r.Region, r.Status, Detail = r.Describe(), r.Holding }), Output.Json.Options);
        Output.Json.Write(json);
    }
}
