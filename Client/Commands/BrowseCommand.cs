using System.ComponentModel;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Browse the catalog as a member sees it (their maturity limit, no thumbs-down titles), most popular first")]
public sealed class BrowseCommand : ConnectedCommand<BrowseCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandOption("-m|--member <MEMBER_ID>"), Description("whose view of the catalog")]
        public string? MemberId { get; init; }

        [CommandOption("--genre <GENRE>"), Description("one genre row, e.g. Comedy (see `genres`)")]
        public string? Genre { get; init; }

        [CommandOption("-p|--page <N>"), Description("page number, from 1")]
        public int Page { get; init; } = 1;

        [CommandOption("--page-size <N>"), Description("titles per page (1-100, default 20)")]
        public int PageSize { get; init; } = CatalogLimits.DefaultPageSize;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(MemberId)) return ValidationResult.Error("--member is required");
            if (Page < 1) return ValidationResult.Error("--page must be 1 or more");
            if (PageSize is < 1 or > CatalogLimits.MaxPageSize) return ValidationResult.Error($"--page-size must be 1 to {CatalogLimits.MaxPageSize}");
            return ValidationResult.Success();
        }
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        GrainKeys.Validate(settings.MemberId, "member");
        var page = await client.GetGrain<ICatalogGrain>(CatalogKeys.Main)
            .BrowseForMember(settings.MemberId!, settings.Genre, settings.Page, settings.PageSize);
        if (settings.Json)
        {
            Json.Write(new { page.Page, page.PageSize, page.TotalItems, page.TotalPages, page.Items });
            return ExitCodes.Ok;
        }
        var caption = $"{settings.Genre ?? "All titles"} for {settings.MemberId}: page {page.Page} of {page.TotalPages} ({page.TotalItems} titles)";
        Tables.Titles(caption, page.Items, (page.Page - 1) * page.PageSize + 1);
        return ExitCodes.Ok;
    }
}
