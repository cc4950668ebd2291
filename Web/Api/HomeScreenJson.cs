using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Netflix.Personalization;
using Orleans.Netflix.Web.Posters;

namespace Orleans.Netflix.Web.Api;

/// <summary><c>GET /api/home</c>'s answer: the member's rows, each title with the image chosen for them.</summary>
public sealed record HomeScreenAnswer(string Region, DateTimeOffset GeneratedAt, int Titles, HomeRowAnswer[] Rows)
{
    public static HomeScreenAnswer Of(BrowseScreen screen)
    {
        var rows = new HomeRowAnswer[screen.Rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = screen.Rows[r];
            var tiles = new HomeTileAnswer[row.Items.Length];
            for (var i = 0; i < tiles.Length; i++) tiles[i] = HomeTileAnswer.Of(row.Items[i]);
            rows[r] = new HomeRowAnswer(row.Kind.ToString(), row.Title, tiles);
        }
        return new HomeScreenAnswer(screen.Region, screen.GeneratedAt, screen.TitleCount, rows);
    }
}

public sealed record HomeRowAnswer(string Kind, string Title, HomeTileAnswer[] Items);

public sealed record HomeTileAnswer(string TitleId, string Name, string ArtworkId, string Art, double? ResumeAtSeconds)
{
    public static HomeTileAnswer Of(BrowseItem item) =>
        new(item.TitleId, item.Name, item.ArtworkId, PosterEndpoints.UrlOf(item.TitleId, item.ArtworkId), item.ResumeAt?.TotalSeconds);
}

/// <summary>
/// The home screen's JSON written by generated code (the API's busiest answer: about 50 tiles per screen), with the same
/// names and web defaults (camelCase) as the other answers.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HomeScreenAnswer))]
public sealed partial class HomeScreenJson : JsonSerializerContext;
