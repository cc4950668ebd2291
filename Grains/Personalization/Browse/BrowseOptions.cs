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

    /// <summary>
    /// True: a member's rows are kept until their history, resume points, ratings or profile, the model, the trending
    /// list or these options change, and each title's artwork is chosen on this silo from a copy of its model
    /// (<see cref="ArtworkChooser"/>). False: every screen is laid out anew and asks each title's artwork grain (the
    /// path before; same rows, same learning). Read on every call, so a configuration reload switches it.
    /// </summary>
    public bool KeepScreens { get; set; } = true;

    /// <summary>How often the silo sends each title's artwork grain the impressions shown since (one call per title).</summary>
    public TimeSpan ArtworkFlushEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How old a title's model copy may get, while it is being shown, before the next batch asks for a fresher one.</summary>
    public TimeSpan ArtworkCopyFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Impressions the silo holds for the artwork grains at most; beyond it new ones are dropped (counted and logged).</summary>
    public int MaxQueuedImpressions { get; set; } = 1_000_000;
}
