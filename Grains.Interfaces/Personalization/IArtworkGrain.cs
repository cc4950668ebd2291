using Orleans.Netflix.Common;

namespace Orleans.Netflix.Personalization;

/// <summary>
/// Chooses which of one title's own artwork variants (key: title id) a member is shown: a contextual bandit that
/// explores with a known probability and otherwise exploits a model of member tastes × variant tags. Each choice is
/// held as a pending impression; a play of the title by that member within the window makes it a success, the window
/// passing without one a failure, and the model learns from both.
/// </summary>
[Alias("netflix.IArtworkGrain")]
public interface IArtworkGrain : INetflixGrain
{
    /// <summary>One of the title's variants for this member and the probability it had of being chosen.</summary>
    /// <exception cref="NotFoundException">The title does not exist.</exception>
    [Alias("Choose")]
    Task<ArtworkPick> Choose(string memberId, TasteProfile tastes);

    /// <summary>The member started playing this title: a pending impression within the window counts as taken.</summary>
    [Alias("RecordPlay"), TrustedTierOnly]
    Task RecordPlay(string memberId, DateTimeOffset at);

    [Alias("Stats")]
    Task<ArtworkModelStats> Stats();
}

[GenerateSerializer, Immutable, Alias("netflix.ArtworkPick")]
public sealed record ArtworkPick(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string ArtworkId,
    [property: Id(2)] string Uri,
    [property: Id(3)] double Propensity,
    [property: Id(4)] bool Explored);

/// <summary>What one title's bandit has seen: per variant, impressions it learned from and plays that followed.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkModelStats")]
public sealed record ArtworkModelStats(
    [property: Id(0)] string TitleId,
    [property: Id(1)] int Pending,
    [property: Id(2)] Dictionary<string, long> Learned,
    [property: Id(3)] Dictionary<string, long> Taken);
