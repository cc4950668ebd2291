using Orleans.Netflix.Common;

namespace Orleans.Netflix.Catalog;

/// <summary>A page of titles, most popular first. Pages count from 1.</summary>
[GenerateSerializer, Immutable, Alias("netflix.CatalogPage")]
public sealed record CatalogPage(
    [property: Id(0)] TitleSummary[] Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int TotalItems)
{
    public int TotalPages => PageSize == 0 ? 0 : (TotalItems + PageSize - 1) / PageSize;
}

[GenerateSerializer, Immutable, Alias("netflix.BrowseQuery")]
public sealed record BrowseQuery(
    [property: Id(0)] string? Genre,
    [property: Id(1)] MaturityRating MaturityLimit,
    [property: Id(2)] int Page = 1,
    [property: Id(3)] int PageSize = CatalogLimits.DefaultPageSize,
    [property: Id(4)] string[]? ExcludedTitleIds = null);

[GenerateSerializer, Immutable, Alias("netflix.GenreCount")]
public sealed record GenreCount([property: Id(0)] string Genre, [property: Id(1)] int Titles);

public static class CatalogLimits
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxSearchResults = 50;
    public const int MaxImportBatch = 1000;
}
