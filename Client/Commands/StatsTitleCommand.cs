using System.ComponentModel;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Show a title's analytics: impressions, plays, QoE, and each artwork variant's take rate")]
public sealed class StatsTitleCommand : ConnectedCommand<StatsTitleCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<TITLE_ID>")]
        public string TitleId { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        GrainKeys.Validate(settings.TitleId, "title");
        var reading = client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main).TitleStats(settings.TitleId);
        var title = await client.GetGrain<ITitleGrain>(settings.TitleId).Get();
        var stats = await reading;
        // The log does not know the catalog: a title that is in neither is a typo, not a title nobody watched.
        if (title is null && StatsOutput.IsEmpty(stats)) throw new NotFoundException("title", settings.TitleId);
        if (settings.Json) Json.Write(stats);
        else StatsOutput.Title(stats, title?.Metadata.Name);
        return ExitCodes.Ok;
    }
}
