using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Personalization;
using Orleans.Storage;

namespace Orleans.Netflix.Grains.Personalization;

/// <summary>
/// Which of one title's own artwork variants a member is shown (key: title id; see <see cref="IArtworkGrain"/>): an
/// <see cref="ArtworkBandit"/> over the title's variants, read from its <see cref="ITitleGrain"/>. Every choice is held as
/// a pending impression (one per member); a play within <see cref="ArtworkOptions.TakeWindow"/> teaches the model "taken",
/// the window passing (noticed by a timer and on every call) or too many pending "not taken".
/// <para>
/// Home screens choose most images on their own silo from a copy of this model (<see cref="Copy"/>, refreshed every few
/// seconds) and send what they showed in batches (<see cref="RecordImpressions"/>), held exactly as <see cref="Choose"/>
/// holds its own. A batch can arrive after a play it preceded, so while batches come in, and whenever the member has no
/// impression pending here, a play is held for <see cref="ArtworkOptions.PlayHold"/> and matched in time order with the
/// impressions that arrive meanwhile.
/// </para>
/// <para>
/// The model and the per-variant counts are saved after <see cref="ArtworkOptions.SaveAfterLearns"/> outcomes or
/// <see cref="ArtworkOptions.SaveEvery"/>, and on deactivation, never on every call: <see cref="Choose"/> is on the browse
/// path. Pending impressions live only in memory: the grain stays active while it holds any, but a silo that stops or a
/// forced deactivation forgets them, and they then count as neither taken nor not taken.
/// </para>
/// </summary>
[GrainType("artwork")]
public sealed class ArtworkGrain(
    [PersistentState(StorageNames.ArtworkState, StorageNames.Store)] IPersistentState<ArtworkState> state,
    IOptions<ArtworkOptions> options,
    TimeProvider clock,
    ILogger<ArtworkGrain> logger) : Grain, IArtworkGrain
{
    private readonly ArtworkOptions _options = options.Value;
    private readonly Random _rng = new();
    private readonly List<PendingImpression> _outcomes = [];
    private ArtworkBandit? _bandit;
    private PendingImpressions _pending = null!;
    private ArtworkVariant[]? _variants;
    private DateTimeOffset _variantsReadAt;
    private int _learntSinceSave;
    private DateTimeOffset _savedAt;
    private DateTimeOffset _noSaveBefore;
    private readonly Guid _activation = Guid.NewGuid();
    private long _changes;
    private DateTimeOffset _holdPlaysUntil = DateTimeOffset.MinValue;
    private readonly Queue<HeldPlay> _held = new();
    private readonly Dictionary<string, List<HeldPlay>> _heldByMember = new(StringComparer.Ordinal);
    private IGrainTimer? _heldTimer;

    /// <summary>While a batch arrived this recently, plays are held (see <see cref="ArtworkOptions.PlayHold"/>).</summary>
    private static readonly TimeSpan HoldPlaysAfterBatch = TimeSpan.FromMinutes(1);

    private string TitleId => this.GetPrimaryKeyString();

    private ArtworkBandit Bandit => _bandit ?? throw new InvalidOperationException("the artwork grain is not active");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Storage may hand back nulls for collections it never saw written (an older or hand-edited row).
        state.State.Weights ??= [];
        state.State.Learned ??= new(StringComparer.Ordinal);
        state.State.Taken ??= new(StringComparer.Ordinal);
        _bandit = new ArtworkBandit(_options.Epsilon, _options.LearningRate);
        _bandit.Model.Import(state.State.Weights);
        _pending = new PendingImpressions(_options.MaxPending);
        _savedAt = clock.GetUtcNow();
        this.RegisterGrainTimer(SweepAsync, _options.SweepEvery, _options.SweepEvery);
        logger.LogDebug("Artwork model of {Title} activated with {Features} features", TitleId, _bandit.Model.FeatureCount);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_bandit is null) return;
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(DateTimeOffset.MaxValue);
        Expire(now);
        if (_learntSinceSave > 0) await SaveAsync(now);
        if (_pending.Count > 0)
        {
            logger.LogDebug("Artwork of {Title} deactivating ({Reason}): {Pending} pending impressions forgotten", TitleId, reason, _pending.Count);
        }
    }

    public async Task<ArtworkPick> Choose(string memberId, TasteProfile tastes)
    {
        GrainKeys.Validate(memberId, "member");
        var variants = await VariantsAsync() ?? throw new NotFoundException("title", TitleId);
        if (variants.Length == 0) throw new InvalidOperationException($"title '{TitleId}' has no artwork variants to choose from");
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(now);
        Expire(now);

        var context = tastes.ToMemberTastes();
        var choice = Bandit.Choose(context, variants, _rng);

        _outcomes.Clear();
        _pending.Add(new PendingImpression(memberId, choice.Variant, context, now), _outcomes);
        foreach (var evicted in _outcomes) Learn(evicted, played: false);

        await SaveIfDueAsync(now);
        return new ArtworkPick(TitleId, choice.Variant.ArtworkId, choice.Variant.Uri, choice.Propensity, choice.Explored);
    }

    public async Task RecordPlay(string memberId, DateTimeOffset at)
    {
        GrainKeys.Validate(memberId, "member");
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(now);
        // Held while batches come in, and whenever the member has nothing pending here: the batch with the image they were
        // shown may still be on its way (a title a silo starts showing sends its first batch within a flush period). A
        // play that finds nothing either way is learnt from nothing, so holding it changes only when.
        if (_options.PlayHold > TimeSpan.Zero && (now < _holdPlaysUntil || !_pending.Holds(memberId))) Hold(memberId, at, now);
        else MatchPlay(memberId, at);
        Expire(now);
        await SaveIfDueAsync(now);
    }

    public async Task<ArtworkModelCopy> Copy()
    {
        var variants = await VariantsAsync();
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(now);
        Expire(now);
        return CopyOf(variants);
    }

    public async Task<ArtworkModelCopy?> RecordImpressions(ShownImpressions shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var variants = FreshVariants() ?? await ReadVariantsAsync();
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(now);
        Expire(now);
        var items = shown.Items ?? [];
        if (items.Length > 0 && variants is { Length: > 0 })
        {
            _holdPlaysUntil = now + HoldPlaysAfterBatch;
            foreach (var item in items)
            {
                // The silos' own home screens send these (a trusted-tier call): their member ids were checked as grain keys.
                if (string.IsNullOrEmpty(item.MemberId)) continue;
                // An image the title no longer has (changed since the copy) teaches nothing about the ones it has.
                if (VariantOf(variants, item.ArtworkId) is not { } variant) continue;
                // Plays this member made before this image was shown come first, as they would have.
                if (_heldByMember.Count > 0 && _heldByMember.ContainsKey(item.MemberId)) MatchHeldPlaysBefore(item.MemberId, item.ShownAt);
                _outcomes.Clear();
                _pending.Add(item.MemberId, variant, item.Tastes.ToSharedMemberTastes(), item.ShownAt, _outcomes);
                foreach (var evicted in _outcomes) Learn(evicted, played: false);
            }
            // An impression that arrives already past its window is learnt as not taken now.
            Expire(now);
        }
        await SaveIfDueAsync(now);
        return shown.WantCopy && (shown.Known is not { } known || known != Version) ? CopyOf(variants) : null;
    }

    private ArtworkModelVersion Version => new(_activation, _changes);

    private static bool SameVariants(ArtworkVariant[] a, ArtworkVariant[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First.ArtworkId == p.Second.ArtworkId && p.First.Uri == p.Second.Uri && p.First.Tags.SequenceEqual(p.Second.Tags));

    private static ArtworkVariant? VariantOf(ArtworkVariant[] variants, string artworkId)
    {
        foreach (var variant in variants)
        {
            if (string.Equals(variant.ArtworkId, artworkId, StringComparison.Ordinal)) return variant;
        }
        return null;
    }

    private ArtworkModelCopy CopyOf(ArtworkVariant[]? variants)
    {
        if (variants is null) return new ArtworkModelCopy(TitleId, false, Version, [], [], _options.Epsilon);
        var weights = Bandit.Model.Export();
        var copied = new ArtworkWeight[weights.Count];
        for (var i = 0; i < copied.Length; i++) copied[i] = new ArtworkWeight(weights[i].Name, weights[i].Value, weights[i].Weight);
        return new ArtworkModelCopy(TitleId, true, Version, variants, copied, _options.Epsilon);
    }

    /// <summary>A play matched against the member's pending impression, by the play's own time: a play reported late still counts if it happened in time.</summary>
    private void MatchPlay(string memberId, DateTimeOffset at)
    {
        if (_pending.Find(memberId) is { } shown && at >= shown.ShownAt)
        {
            _pending.TryTake(memberId, out _);
            Learn(shown, played: at - shown.ShownAt <= _options.TakeWindow);
        }
    }

    private void Hold(string memberId, DateTimeOffset at, DateTimeOffset now)
    {
        var play = new HeldPlay(memberId, at, now + _options.PlayHold);
        _held.Enqueue(play);
        if (!_heldByMember.TryGetValue(memberId, out var plays)) _heldByMember[memberId] = plays = [];
        plays.Add(play);
        _heldTimer ??= this.RegisterGrainTimer(ReleaseHeldPlaysAsync, _options.PlayHold, _options.PlayHold);
    }

    /// <summary>Matches the member's held plays made before <paramref name="shownAt"/>, oldest first.</summary>
    private void MatchHeldPlaysBefore(string memberId, DateTimeOffset shownAt)
    {
        var plays = _heldByMember[memberId];
        plays.Sort((a, b) => a.At.CompareTo(b.At));
        var matched = 0;
        while (matched < plays.Count && plays[matched].At < shownAt)
        {
            plays[matched].Done = true;
            MatchPlay(memberId, plays[matched].At);
            matched++;
        }
        plays.RemoveRange(0, matched);
        if (plays.Count == 0) _heldByMember.Remove(memberId);
    }

    /// <summary>Matches every held play whose hold is over.</summary>
    private void ReleaseHeldPlays(DateTimeOffset now)
    {
        while (_held.TryPeek(out var play) && (play.Done || play.Due <= now))
        {
            _held.Dequeue();
            if (play.Done) continue;
            // Any other held play of the member made before this one goes first.
            var plays = _heldByMember[play.MemberId];
            plays.Sort((a, b) => a.At.CompareTo(b.At));
            var upTo = plays.IndexOf(play);
            for (var i = 0; i <= upTo; i++)
            {
                plays[i].Done = true;
                MatchPlay(play.MemberId, plays[i].At);
            }
            plays.RemoveRange(0, upTo + 1);
            if (plays.Count == 0) _heldByMember.Remove(play.MemberId);
        }
    }

    private async Task ReleaseHeldPlaysAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(now);
        Expire(now);
        await SaveIfDueAsync(now);
        if (_held.Count == 0)
        {
            _heldTimer?.Dispose();
            _heldTimer = null;
        }
    }

    private sealed class HeldPlay(string memberId, DateTimeOffset at, DateTimeOffset due)
    {
        public string MemberId { get; } = memberId;
        public DateTimeOffset At { get; } = at;
        public DateTimeOffset Due { get; } = due;
        public bool Done { get; set; }
    }

    public async Task<ArtworkModelStats> Stats()
    {
        var variants = await VariantsAsync();
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(now);
        Expire(now);
        await SaveIfDueAsync(now);
        var learned = new Dictionary<string, long>(state.State.Learned, StringComparer.Ordinal);
        var taken = new Dictionary<string, long>(state.State.Taken, StringComparer.Ordinal);
        foreach (var variant in variants ?? [])
        {
            learned.TryAdd(variant.ArtworkId, 0);
            taken.TryAdd(variant.ArtworkId, 0);
        }
        return new ArtworkModelStats(TitleId, _pending.Count, learned, taken);
    }

    /// <summary>The title's variants, re-read every <see cref="ArtworkOptions.TitleRefreshEvery"/>; null when the title does not exist.</summary>
    private async Task<ArtworkVariant[]?> VariantsAsync() => FreshVariants() ?? await ReadVariantsAsync();

    /// <summary>The variants read less than <see cref="ArtworkOptions.TitleRefreshEvery"/> ago, else null.</summary>
    private ArtworkVariant[]? FreshVariants() =>
        _variants is not null && clock.GetUtcNow() - _variantsReadAt < _options.TitleRefreshEvery ? _variants : null;

    private async Task<ArtworkVariant[]?> ReadVariantsAsync()
    {
        var now = clock.GetUtcNow();
        try
        {
            var title = await GrainFactory.GetGrain<ITitleGrain>(TitleId).Get();
            if (title is null) return null;
            // A copy of the model made elsewhere is stale only if the variants really changed.
            if (_variants is null || !SameVariants(_variants, title.Artwork)) _changes++;
            _variants = title.Artwork;
            _variantsReadAt = now;
        }
        catch (Exception e) when (_variants is not null)
        {
            logger.LogWarning(e, "Could not refresh the artwork of {Title}; choosing among the variants read before", TitleId);
        }
        return _variants;
    }

    /// <summary>Impressions whose window has passed without a play: learnt as not taken.</summary>
    private void Expire(DateTimeOffset now)
    {
        var cutoff = now - DateTimeOffset.MinValue > _options.TakeWindow ? now - _options.TakeWindow : DateTimeOffset.MinValue;
        _outcomes.Clear();
        _pending.TakeShownBefore(cutoff, _outcomes);
        foreach (var expired in _outcomes) Learn(expired, played: false);
    }

    private void Learn(PendingImpression impression, bool played)
    {
        Bandit.Learn(impression.Tastes, impression.Variant, played);
        var id = impression.Variant.ArtworkId;
        state.State.Learned[id] = state.State.Learned.GetValueOrDefault(id) + 1;
        if (played) state.State.Taken[id] = state.State.Taken.GetValueOrDefault(id) + 1;
        _learntSinceSave++;
        _changes++;
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        ReleaseHeldPlays(now);
        Expire(now);
        await SaveIfDueAsync(now);
        // Stay active until what is pending has been learnt (each sweep extends this while anything is).
        if (_pending.Count > 0) DelayDeactivation(2 * _options.SweepEvery);
    }

    private Task SaveIfDueAsync(DateTimeOffset now)
    {
        if (_learntSinceSave == 0 || now < _noSaveBefore) return Task.CompletedTask;
        if (_learntSinceSave < _options.SaveAfterLearns && now - _savedAt < _options.SaveEvery) return Task.CompletedTask;
        return SaveAsync(now);
    }

    /// <summary>
    /// Writes the model and counts. A failed write is logged, not thrown (the model is soft state and the caller only wanted
    /// an image); it is retried after <see cref="ArtworkOptions.SaveEvery"/>.
    /// </summary>
    private async Task SaveAsync(DateTimeOffset now)
    {
        state.State.Weights = Bandit.Model.Export();
        try
        {
            await state.WriteStateAsync();
            _learntSinceSave = 0;
            _savedAt = now;
        }
        catch (InconsistentStateException e)
        {
            // Another activation of this title wrote meanwhile (a rare duplicate): keep what this one learnt, take the
            // newer etag, and let the next save win.
            logger.LogWarning(e, "Artwork model of {Title} was written elsewhere; this activation's model will replace it", TitleId);
            _noSaveBefore = now + _options.SaveEvery;
            var mine = state.State;
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception readError)
            {
                logger.LogWarning(readError, "Could not re-read the artwork state of {Title}", TitleId);
            }
            state.State = mine;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not save the artwork model of {Title}; retrying in {Delay}", TitleId, _options.SaveEvery);
            _noSaveBefore = now + _options.SaveEvery;
        }
    }
}
