using System.ComponentModel;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Search titles by name (every word must match; accents and case ignored)")]
public sealed class SearchCommand : ConnectedCommand<SearchCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<TEXT>")]
        public string Text { get; init; } = "";

        [CommandOption("-m|--member <MEMBER_ID>"), Description("apply this member's maturity limit")]
        public string? MemberId { get; init; }

        [CommandOption("--max <N>"), Description("at most this many results (default 20)")]
        public int Max { get; init; } = 20;
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        var limit = MaturityRating.Age18;
        if (settings.MemberId is not null)
        {
            GrainKeys.Validate(settings.MemberId, "member");
            var member = await client.GetGrain<IMemberGrain>(settings.MemberId).Get()
                         ?? throw new NotFoundException("member", settings.MemberId);
            limit = member.Profile.MaturityLimit;
        }
        var results = await client.GetGrain<ICatalogGrain>(CatalogKeys.Main).Search(settings.Text, limit, settings.Max);
        if (settings.Json) Json.Write(results);
        else Tables.Titles($"\"{settings.Text}\": {results.Length} match{(results.Length == 1 ? "" : "es")}", results, 1);
        return ExitCodes.Ok;
    }
}
