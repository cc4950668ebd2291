namespace Orleans.Netflix.Analytics;

/// <summary>Counters for one artwork variant of a title: how often it was shown, and how many of those showings were followed by a play of the title by the same member within the window.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkCounters")]
public sealed record ArtworkCounters(
    [property: Id(0)] string ArtworkId,
    [property: Id(1)] long Impressions,
    [property: Id(2)] long PlaysAfter)
{
    public double TakeRate => Impressions == 0 ? 0 : (double)PlaysAfter / Impressions;
}

/// <summary>What the analytics log holds for one title.</summary>
[GenerateSerializer, Immutable, Alias("netflix.TitleStats")]
public sealed record TitleStats(
    [property: Id(0)] string TitleId,
    [property: Id(1)] long Impressions,
    [property: Id(2)] long PlayStarts,
    [property: Id(3)] long PlayStops,
    [property: Id(4)] long QoeReports,
    [property: Id(5)] long Members,
    [property: Id(6)] double MeanRebufferRatio,
    [property: Id(7)] double MeanBitrateKbps,
    [property: Id(8)] ArtworkCounters[] Artwork,
    [property: Id(9)] TimeSpan TakeWindow);
