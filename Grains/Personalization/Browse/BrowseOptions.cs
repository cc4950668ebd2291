namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>The home screen's shape and how fresh its model is ("Netflix:Browse").</summary>
public sealed class BrowseOptions
{
    public const string Section = "Netflix:Browse";

    /// <summary>Titles per row at most.</summary>
    public int RowLength { get; set; } = 10;

    /// <summary>The screen holds at least this many titles (when the catalog has them)...</summary>
    public int MinTitles { get; set; } = 40;

    /// <summary>...and at most this many.</summary>
    public int MaxTitles { get; set; } = 50;

    /// <summary>How old the model may get before a browse starts retraining it in the background (plays that arrived count at once anyway: scoring reads the member's history).</summary>
    public TimeSpan RetrainEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>"Trending in your region" counts play starts over this window.</summary>
    public TimeSpan TrendingWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one region's trending list is reused.</summary>
    public TimeSpan TrendingCacheFor { get; set; } = TimeSpan.FromSeconds(15);
}
