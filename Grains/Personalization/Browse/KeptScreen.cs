using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>
/// A member's home screen as <see cref="RecommendationsGrain"/> keeps it between calls: the rows the builder laid out and,
/// per title, the slice of the member's tastes its artwork is chosen for and the probabilities of its variants under the
/// silo's current copy of its model. It stands for as long as everything it was built from is the same
/// (<see cref="IsFor"/>): the member's profile, history, resume points and ratings, the region, the model, the trending
/// list and the options. Only the artwork draw is made per call. Not thread-safe (one grain owns one).
/// </summary>
public sealed class KeptScreen
{
    private readonly MemberView _member;
    private readonly string _region;
    private readonly RecommendationModel _model;
    private readonly IReadOnlyList<TitlePlays> _trending;
    private readonly BrowseOptions _options;

    private KeptScreen(MemberView member, string region, RecommendationModel model, IReadOnlyList<TitlePlays> trending, BrowseOptions options, KeptRow[] rows)
    {
        _member = member;
        _region = region;
        _model = model;
        _trending = trending;
        _options = options;
        Rows = rows;
        TitleCount = rows.Sum(r => r.Items.Length);
    }

    public KeptRow[] Rows { get; }

    public int TitleCount { get; }

    public static KeptScreen Build(MemberView member, string region, RecommendationModel model, IReadOnlyList<TitlePlays> trending, BrowseOptions options,
        ArtworkChooser chooser)
    {
        var planned = new BrowseScreenBuilder(options).Build(member, region, model, trending);
        var tastes = new TasteSlices(model.Catalog.TastesOf(member.History.Select(h => h.TitleId)));
        var rows = planned.Select(row => new KeptRow(row.Kind, row.Title, [.. row.Items.Select(item =>
        {
            var title = model.Catalog.ById.GetValueOrDefault(item.TitleId);
            return new KeptItem(item, title?.Name ?? item.TitleId, tastes.For(title), chooser.Slot(item.TitleId));
        })])).ToArray();
        return new KeptScreen(member, region, model, [.. trending], options, rows);
    }

    /// <summary>Whether this screen is still what <see cref="Build"/> would lay out from these inputs.</summary>
    public bool IsFor(MemberView member, string region, RecommendationModel model, IReadOnlyList<TitlePlays> trending, BrowseOptions options) =>
        ReferenceEquals(options, _options)
        && region == _region
        && model.Version == _model.Version && ReferenceEquals(model.Model, _model.Model) && ReferenceEquals(model.Catalog, _model.Catalog)
        && SameMember(member, _member)
        && trending.SequenceEqual(_trending);

    /// <summary>
    /// Everything of the member the screen depends on. The version alone would do within one region; the rest also
    /// catches a write another region made at the same version.
    /// </summary>
    private static bool SameMember(MemberView now, MemberView then) =>
        ReferenceEquals(now, then) // the member grain answers the same view until its next write
        || now.Version == then.Version
        && now.MemberId == then.MemberId
        && now.Profile == then.Profile
        && now.History.Length == then.History.Length
        && (now.History.Length == 0 || now.History[^1] == then.History[^1])
        && now.ResumePoints.SequenceEqual(then.ResumePoints)
        && now.Ratings.SequenceEqual(then.Ratings);
}

public sealed record KeptRow(BrowseRowKind Kind, string Title, KeptItem[] Items);

/// <summary>One title of a kept screen, with what its artwork choice needs and the tiles already made for its variants.</summary>
public sealed class KeptItem(PlannedItem planned, string name, TasteProfile tastes, ArtworkSlot slot)
{
    private ArtworkCopy? _scoredWith;
    private double[] _propensities = [];
    private BrowseItem?[] _tiles = [];

    public PlannedItem Planned { get; } = planned;

    public string TitleId => Planned.TitleId;

    /// <summary>Where this silo keeps the title's model copy.</summary>
    public ArtworkSlot Slot { get; } = slot;

    /// <summary>The slice of the member's tastes for this title (<see cref="TasteSlices"/>), as the artwork grain is handed it.</summary>
    public TasteProfile Tastes { get; } = tastes;

    /// <summary>The title shown without an image (no artwork, or the title's model could not be copied).</summary>
    public BrowseItem WithoutArtwork { get; } = new(planned.TitleId, name, "", "", planned.Score, planned.ResumeAt);

    /// <summary>Draws one variant from <paramref name="copy"/> (which can choose), scoring them again only when the copy changed.</summary>
    public (ArtworkVariant Variant, BrowseItem Tile) Choose(ArtworkCopy copy, Random rng)
    {
        if (!ReferenceEquals(copy, _scoredWith))
        {
            _propensities = copy.Propensities(Tastes.ToSharedMemberTastes());
            _tiles = new BrowseItem?[copy.Variants.Length];
            _scoredWith = copy;
        }
        var index = EpsilonGreedy.Draw(_propensities, rng);
        var variant = copy.Variants[index];
        var tile = _tiles[index] ??= WithoutArtwork with { ArtworkId = variant.ArtworkId, ArtworkUri = variant.Uri };
        return (variant, tile);
    }
}
