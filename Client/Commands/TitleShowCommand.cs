using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Show a title's metadata, artwork variants, trick-play thumbnails and the regions where it plays")]
public sealed class TitleShowCommand : ConnectedCommand<TitleShowCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<TITLE_ID>")]
        public string TitleId { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        GrainKeys.Validate(settings.TitleId, "title");
        var title = await client.GetGrain<ITitleGrain>(settings.TitleId).Get()
                    ?? throw new NotFoundException("title", settings.TitleId);
        var media = client.GetGrain<ITitleAssetsGrain>(settings.TitleId);
        var (regions, assets) = (await media.Placement(), await media.Get());
        if (settings.Json)
        {
            // The title, its trick-play track ("trickPlay", with "path" in origin storage; null when there is none) and "regions".
            var json = JsonSerializer.SerializeToNode(title, Json.Options)!.AsObject();
            JsonObject? trickPlay = null;
            if (assets is { TrickPlay: { } track })
            {
                trickPlay = JsonSerializer.SerializeToNode(track, Json.Options)!.AsObject();
                trickPlay["path"] = assets.Folder() + track.Vtt;
            }
            json["trickPlay"] = trickPlay;
            PlacementOutput.Json(json, regions);
            return ExitCodes.Ok;
        }
        Tables.Title(title);
        Tables.TrickPlay(assets);
        PlacementOutput.Table(regions);
        return ExitCodes.Ok;
    }
}
