using System.ComponentModel;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Orleans.Netflix.Personalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("A member's home screen: rows of 40 to 50 titles picked for them, with the artwork chosen for them. " +
             "With --genre, --page, --page-size or --catalog: the catalog as they see it (maturity limit, no thumbs-down titles), most popular first")]
public sealed class BrowseCommand : ConnectedCommand<BrowseCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandOption("-m|--member <MEMBER_ID>"), Description("whose view of the catalog")]
        public string? MemberId { get; init; }

        [CommandOption("--genre <GENRE>"), Description("one genre row, e.g. Comedy (see `genres`)")]
        public string? Genre { get; init; }

        [CommandOption("-p|--page <N>"), Description("page number, from 1 (catalog view)")]
        public int? Page { get; init; }

        [CommandOption("--page-size <N>"), Description("titles per page (1-100, default 20; catalog view)")]
        public int? PageSize { get; init; }

        [CommandOption("--catalog"), Description("the catalog pages instead of the personalized home screen")]
        public bool Catalog { get; init; }

        public bool CatalogView => Catalog || Genre is not null || Page is not null || PageSize is not null;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(MemberId)) return ValidationResult.Error("--member is required");
            if (Page is < 1) return ValidationResult.Error("--page must be 1 or more");
            if (PageSize is < 1 or > CatalogLimits.MaxPageSize) return ValidationResult.Error($"--page-size must be 1 to {CatalogLimits.MaxPageSize}");
            return ValidationResult.Success();
        }
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        GrainKeys.Validate(settings.MemberId, "member");
        if (!settings.CatalogView) return await HomeScreen(client, settings);
        var page = await client.GetGrain<ICatalogGrain>(CatalogKeys.Main)
            .BrowseForMember(settings.MemberId!, settings.Genre, settings.Page ?? 1, settings.PageSize ?? CatalogLimits.DefaultPageSize);
        if (settings.Json)
        {
            Json.Write(new { page.Page, page.PageSize, page.TotalItems, page.TotalPages, page.Items });
            return ExitCodes.Ok;
        }
        var caption = $"{settings.Genre ?? "All titles"} for {settings.MemberId}: page {page.Page} of {page.TotalPages} ({page.TotalItems} titles)";
        Tables.Titles(caption, page.Items, (page.Page - 1) * page.PageSize + 1);
        return ExitCodes.Ok;
    }

    private static async Task<int> HomeScreen(IClusterClient client, Settings settings)
    {
        var screen = await client.GetGrain<IRecommendationsGrain>(settings.MemberId!).Browse();
        if (settings.Json) Json.Write(screen);
        else HomeScreenOutput.Write(screen);
        return ExitCodes.Ok;
    }
}
