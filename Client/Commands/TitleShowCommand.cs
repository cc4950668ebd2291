using System.ComponentModel;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Show a title's metadata and artwork variants")]
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
        if (settings.Json) Json.Write(title);
        else Tables.Title(title);
        return ExitCodes.Ok;
    }
}
