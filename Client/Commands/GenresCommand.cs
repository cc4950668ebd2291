using System.ComponentModel;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Output;
using Spectre.Console;

namespace Orleans.Netflix.Client.Commands;

[Description("List the catalog's genres and how many titles each has")]
public sealed class GenresCommand : ConnectedCommand<ConnectedSettings>
{
    protected override async Task<int> RunAsync(IClusterClient client, ConnectedSettings settings, CancellationToken cancellationToken)
    {
        var genres = await client.GetGrain<ICatalogGrain>(CatalogKeys.Main).Genres();
        if (settings.Json)
        {
            Json.Write(genres);
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("Genre", "Titles");
        foreach (var g in genres) table.AddRow(Markup.Escape(g.Genre), g.Titles.ToString());
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}
