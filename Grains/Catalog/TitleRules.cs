using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Catalog;

/// <summary>What a title grain accepts; anything else is an <see cref="ArgumentException"/> naming the field.</summary>
public static class TitleRules
{
    public const int MaxNameLength = 200;
    public const int MaxSynopsisLength = 2000;
    public const int MaxGenres = 10;
    public const int MaxCast = 50;
    public const int MaxArtwork = 50;

    public static void Check(TitleMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        CheckText(metadata.Name, MaxNameLength, "name");
        if (metadata.Synopsis is null || metadata.Synopsis.Length > MaxSynopsisLength)
            throw new ArgumentException($"synopsis must be at most {MaxSynopsisLength} characters", nameof(metadata));
        if (metadata.Year is < 1888 or > 2100) throw new ArgumentException("year must be between 1888 and 2100", nameof(metadata));
        if (metadata.Genres is not { Length: > 0 and <= MaxGenres }) throw new ArgumentException($"a title has 1 to {MaxGenres} genres", nameof(metadata));
        foreach (var genre in metadata.Genres) CheckText(genre, 40, "genre");
        if (metadata.Cast is null || metadata.Cast.Length > MaxCast) throw new ArgumentException($"at most {MaxCast} cast members", nameof(metadata));
        foreach (var person in metadata.Cast) CheckText(person, 100, "cast member");
        if (!Enum.IsDefined(metadata.Maturity)) throw new ArgumentException("unknown maturity rating", nameof(metadata));
        if (metadata.Runtime <= TimeSpan.Zero || metadata.Runtime > TimeSpan.FromHours(24))
            throw new ArgumentException("runtime must be between 0 and 24 h", nameof(metadata));
    }

    public static void Check(ArtworkVariant[] artwork)
    {
        ArgumentNullException.ThrowIfNull(artwork);
        if (artwork.Length > MaxArtwork) throw new ArgumentException($"at most {MaxArtwork} artwork variants", nameof(artwork));
        foreach (var variant in artwork)
        {
            GrainKeys.Validate(variant.ArtworkId, "artwork");
            if (!Uri.TryCreate(variant.Uri, UriKind.RelativeOrAbsolute, out _)) throw new ArgumentException("artwork uri is not a uri", nameof(artwork));
            if (variant.Tags is null) throw new ArgumentException("artwork tags are missing", nameof(artwork));
        }
        if (artwork.DistinctBy(a => a.ArtworkId).Count() != artwork.Length)
            throw new ArgumentException("artwork ids must be unique", nameof(artwork));
    }

    public static void CheckPopularity(double popularity)
    {
        if (!double.IsFinite(popularity) || popularity < 0) throw new ArgumentOutOfRangeException(nameof(popularity), "popularity must be a finite number >= 0");
    }

    private static void CheckText(string? text, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > max || text.Any(char.IsControl))
            throw new ArgumentException($"{what} must be 1 to {max} printable characters");
    }
}
