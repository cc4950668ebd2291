using Orleans.Netflix.Catalog;
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

    /// <summary>
    /// The title's variants and the model's weights as they are now, for a silo that chooses this title's artwork itself
    /// (the home screen's artwork chooser). An unknown title gives a copy with <see cref="ArtworkModelCopy.Exists"/> false.
    /// </summary>
    [Alias("Copy"), TrustedTierOnly]
    Task<ArtworkModelCopy> Copy();

    /// <summary>
    /// Images a silo chose from its copy of the model and showed, in the order shown: each is held as a pending impression
    /// exactly as <see cref="Choose"/> holds its own (one per member, a play within the window makes it taken). Answers a
    /// fresh copy when <see cref="ShownImpressions.WantCopy"/> and the model changed since <see cref="ShownImpressions.Known"/>.
    /// </summary>
    [Alias("RecordImpressions"), TrustedTierOnly]
    Task<ArtworkModelCopy?> RecordImpressions(ShownImpressions shown);
}

/// <summary>Which state of one activation's model a copy is: a new activation starts a new <see cref="Activation"/>; every outcome learnt or change of variants counts.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkModelVersion")]
public readonly record struct ArtworkModelVersion(
    [property: Id(0)] Guid Activation,
    [property: Id(1)] long Changes);

/// <summary>One learnt weight of the artwork model: the feature (two strings) and its weight.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkWeight")]
public readonly record struct ArtworkWeight(
    [property: Id(0)] string Name,
    [property: Id(1)] string Value,
    [property: Id(2)] double Weight);

/// <summary>A copy of one title's artwork model for choosing elsewhere: its variants (none when it has no artwork), weights and exploration rate.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkModelCopy")]
public sealed record ArtworkModelCopy(
    [property: Id(0)] string TitleId,
    [property: Id(1)] bool Exists,
    [property: Id(2)] ArtworkModelVersion Version,
    [property: Id(3)] ArtworkVariant[] Variants,
    [property: Id(4)] ArtworkWeight[] Weights,
    [property: Id(5)] double Epsilon);

/// <summary>One image shown to one member on a home screen: which variant, when, and the tastes it was chosen for.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ShownImpression")]
public readonly record struct ShownImpression(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string ArtworkId,
    [property: Id(2)] DateTimeOffset ShownAt,
    [property: Id(3)] TasteProfile Tastes);

/// <summary>A silo's impressions of one title since its last batch, oldest first, and whether it wants a fresher copy of the model than <see cref="Known"/>.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ShownImpressions")]
public sealed record ShownImpressions(
    [property: Id(0)] ShownImpression[] Items,
    [property: Id(1)] ArtworkModelVersion? Known,
    [property: Id(2)] bool WantCopy);

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
