namespace Orleans.Netflix.Grains.Personalization;

/// <summary>Artwork personalization (configuration section "Netflix:Artwork"), read by every <see cref="ArtworkGrain"/>.</summary>
public sealed class ArtworkOptions
{
    public const string Section = "Netflix:Artwork";

    /// <summary>An impression followed by a play of the title within this long counts as taken; after it, as not taken.</summary>
    public TimeSpan TakeWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of choices that are uniformly random (exploration), 0 to 1.</summary>
    public double Epsilon { get; set; } = 0.1;

    /// <summary>The model's AdaGrad base step size.</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>Pending impressions one title holds at most; past it the oldest is learnt as not taken.</summary>
    public int MaxPending { get; set; } = 10_000;

    /// <summary>How often a title's grain learns its expired impressions as not taken and saves, even when nobody calls it.</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The model is saved once this many outcomes have been learnt since the last save...</summary>
    public int SaveAfterLearns { get; set; } = 100;

    /// <summary>...or when anything was learnt and this long has passed since the last save (and on deactivation).</summary>
    public TimeSpan SaveEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a title's artwork variants are reused before they are read again from the title.</summary>
    public TimeSpan TitleRefreshEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// While this title's impressions come in batches from the silos' choosers (home screens), a play waits this long
    /// before it is matched, so that an impression shown before the play but still on its way is matched as it would have
    /// been had it arrived at once. Longer than the choosers' <c>Netflix:Browse:ArtworkFlushEvery</c> and a batch's trip.
    /// </summary>
    public TimeSpan PlayHold { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Null when the options are usable, otherwise what is wrong.</summary>
    public string? Problem()
    {
        if (TakeWindow <= TimeSpan.Zero) return "TakeWindow must be positive";
        if (!(Epsilon is >= 0 and <= 1)) return "Epsilon is a probability, 0 to 1";
        if (!(double.IsFinite(LearningRate) && LearningRate > 0)) return "LearningRate must be a positive number";
        if (MaxPending < 1) return "MaxPending must be at least 1";
        if (SweepEvery <= TimeSpan.Zero) return "SweepEvery must be positive";
        if (SaveAfterLearns < 1) return "SaveAfterLearns must be at least 1";
        if (SaveEvery < TimeSpan.Zero) return "SaveEvery must not be negative";
        if (TitleRefreshEvery < TimeSpan.Zero) return "TitleRefreshEvery must not be negative";
        if (PlayHold < TimeSpan.Zero) return "PlayHold must not be negative";
        return null;
    }
}
