using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Hosting.Periodic;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>
/// One title's artwork model as this silo last copied it from the title's <see cref="IArtworkGrain"/>: its variants, the
/// learnt weights (read only) and the exploration rate. <see cref="Propensities"/> is what the grain's own bandit computes
/// for the same tastes (<see cref="ArtworkBandit.Propensities"/>), so choosing here draws as the grain would have, from a
/// model at most <see cref="BrowseOptions.ArtworkCopyFor"/> older. Thread-safe.
/// </summary>
public sealed class ArtworkCopy
{
    [ThreadStatic] private static List<(FeatureKey Key, double Value)>? t_features;

    private readonly OnlineLogisticModel _model = new();
    private long _fetchedAtTicks;

    public ArtworkCopy(ArtworkModelCopy copy, DateTimeOffset fetchedAt)
    {
        ArgumentNullException.ThrowIfNull(copy);
        TitleId = copy.TitleId;
        Exists = copy.Exists;
        Version = copy.Version;
        Variants = copy.Variants ?? [];
        Epsilon = copy.Epsilon is >= 0 and <= 1 ? copy.Epsilon : 0;
        _model.Import((copy.Weights ?? []).Select(w => new ModelWeight(w.Name, w.Value, w.Weight, 0)));
        FetchedAt = fetchedAt;
    }

    public string TitleId { get; }

    /// <summary>False for a title that does not exist (shown without an image, as a screen shows one without artwork).</summary>
    public bool Exists { get; }

    public ArtworkModelVersion Version { get; }

    public ArtworkVariant[] Variants { get; }

    public double Epsilon { get; }

    /// <summary>Whether an image can be chosen: the title exists and has artwork.</summary>
    public bool CanChoose => Exists && Variants.Length > 0;

    /// <summary>When this copy was fetched or last confirmed unchanged.</summary>
    public DateTimeOffset FetchedAt
    {
        get => new(Interlocked.Read(ref _fetchedAtTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _fetchedAtTicks, value.UtcTicks);
    }

    /// <summary>The probability of each variant for these tastes: epsilon-greedy over the model's scores, ties shared.</summary>
    public double[] Propensities(MemberTastes tastes)
    {
        if (!CanChoose) throw new InvalidOperationException($"title '{TitleId}' has no artwork variants to choose from");
        var scores = new double[Variants.Length];
        // A model that learnt nothing scores every variant 0: all tied, each equally likely (what the bandit gives too).
        if (_model.FeatureCount > 0)
        {
            var features = t_features ??= [];
            for (var i = 0; i < scores.Length; i++)
            {
                ArtworkFeatures.Extract(tastes, Variants[i], features);
                scores[i] = _model.Logit(features);
            }
        }
        return EpsilonGreedy.Propensities(scores, Epsilon);
    }
}

/// <summary>
/// The silo's artwork chooser for home screens: keeps a copy of each title's artwork model (<see cref="ArtworkCopy"/>,
/// fetched on first use, refreshed while it is shown once it is <see cref="BrowseOptions.ArtworkCopyFor"/> old), so a
/// screen chooses its 40 to 50 images here instead of calling 40 to 50 grains, and sends each title's grain what was
/// shown, oldest first, every <see cref="BrowseOptions.ArtworkFlushEvery"/> (<see cref="IArtworkGrain.RecordImpressions"/>,
/// one call per title; its answer carries the fresher copy). The titles are sent in <see cref="FlushShares"/> turns spread
/// over that period, not all at once: thousands of calls in one burst queue ahead of the screens asked for meanwhile. Impressions wait in memory until then: a silo that stops
/// sends what it holds; one that crashes loses them, as an artwork grain's pending impressions are lost with its silo.
/// </summary>
public sealed class ArtworkChooser : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private static readonly TimeSpan LogFailuresEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Turns per <see cref="BrowseOptions.ArtworkFlushEvery"/>, each sending the titles of one share.</summary>
    public const int FlushShares = 10;

    private readonly IGrainFactory _grains;
    private readonly IOptionsMonitor<BrowseOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ArtworkChooser> _logger;
    private readonly ConcurrentDictionary<string, ArtworkSlot> _titles = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Task? _loop;
    private long _queued;
    private long _shown;
    private long _sent;
    private long _dropped;
    private long _batches;
    private long _copies;
    private long _lastFailureLog;
    private long _slotsMade;

    public ArtworkChooser(IGrainFactory grains, IOptionsMonitor<BrowseOptions> options, TimeProvider clock, ILogger<ArtworkChooser> logger)
    {
        _grains = grains;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Impressions handed to <see cref="Shown"/>.</summary>
    public long ImpressionsShown => Interlocked.Read(ref _shown);

    /// <summary>Impressions the artwork grains accepted.</summary>
    public long ImpressionsSent => Interlocked.Read(ref _sent);

    /// <summary>Impressions lost: the queue was full, or a batch failed.</summary>
    public long ImpressionsDropped => Interlocked.Read(ref _dropped);

    /// <summary>Impressions waiting for the next batch.</summary>
    public long ImpressionsQueued => Interlocked.Read(ref _queued);

    /// <summary>Calls made to artwork grains with impressions or for a fresher copy.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Model copies received (first fetches and refreshes that changed).</summary>
    public long CopiesReceived => Interlocked.Read(ref _copies);

    /// <summary>The place this silo keeps the title's copy and queued impressions (what a kept screen holds on to, so a draw looks nothing up).</summary>
    public ArtworkSlot Slot(string titleId) =>
        _titles.GetOrAdd(titleId, static (id, chooser) => new ArtworkSlot(id, (int)(Interlocked.Increment(ref chooser._slotsMade) % FlushShares)), this);

    /// <summary>The copy this silo holds for the title, or null when it has none yet (then <see cref="LoadAsync(ArtworkSlot)"/>).</summary>
    public ArtworkCopy? Current(string titleId) => _titles.TryGetValue(titleId, out var slot) ? Current(slot) : null;

    /// <inheritdoc cref="Current(string)"/>
    public ArtworkCopy? Current(ArtworkSlot slot)
    {
        if (slot.Copy is not { } copy) return null;
        slot.Used = true;
        return copy;
    }

    /// <summary>The title's copy, fetched from its grain when this silo has none; null when it could not be fetched (the screen then shows the title without an image).</summary>
    public Task<ArtworkCopy?> LoadAsync(string titleId) => LoadAsync(Slot(titleId));

    /// <inheritdoc cref="LoadAsync(string)"/>
    public Task<ArtworkCopy?> LoadAsync(ArtworkSlot slot)
    {
        if (Current(slot) is { } copy) return Task.FromResult<ArtworkCopy?>(copy);
        lock (slot.Gate)
        {
            // One fetch at a time per title; a failed one is tried again by the next screen.
            if (slot.Loading is null || (slot.Loading.IsCompleted && slot.Copy is null)) slot.Loading = FetchAsync(slot);
            return slot.Loading;
        }
    }

    /// <summary>Queues one shown image for its title's grain (see <see cref="IArtworkGrain.RecordImpressions"/>).</summary>
    public void Shown(ArtworkCopy copy, string memberId, string artworkId, TasteProfile tastes, DateTimeOffset at)
    {
        if (!TryReserve(1)) return;
        Queue(Slot(copy.TitleId), memberId, artworkId, tastes, at);
    }

    /// <summary>
    /// Room in the queue for a screen's <paramref name="count"/> images, each then given to <see cref="Queue"/>; false (all of
    /// them dropped, counted and logged) when the queue is full. What is reserved and not queued goes back with <see cref="Release"/>.
    /// </summary>
    public bool TryReserve(int count)
    {
        Interlocked.Add(ref _shown, count);
        if (Interlocked.Add(ref _queued, count) <= _options.CurrentValue.MaxQueuedImpressions) return true;
        Interlocked.Add(ref _queued, -count);
        Dropped(count, "the queue for the artwork grains is full", null);
        return false;
    }

    /// <summary>Gives back reserved room that was not used.</summary>
    public void Release(int count)
    {
        if (count <= 0) return;
        Interlocked.Add(ref _shown, -count);
        Interlocked.Add(ref _queued, -count);
    }

    /// <summary>Queues one shown image, in room taken by <see cref="TryReserve"/>.</summary>
    public void Queue(ArtworkSlot slot, string memberId, string artworkId, TasteProfile tastes, DateTimeOffset at)
    {
        lock (slot.Gate) slot.Pending.Add(new ShownImpression(memberId, artworkId, at, tastes));
    }

    /// <summary>Sends every title's queued impressions now (and asks for fresher copies that are due); completes when they were answered.</summary>
    public Task FlushAsync() => FlushAsync(share: null);

    /// <summary>Sends the queued impressions of the titles of one share (all with null).</summary>
    private async Task FlushAsync(int? share)
    {
        await _flushing.WaitAsync();
        try
        {
            var now = _clock.GetUtcNow();
            var copyFor = _options.CurrentValue.ArtworkCopyFor;
            var sends = new List<Task>();
            foreach (var entry in _titles.Values)
            {
                if (share is { } only && entry.Share != only) continue;
                ShownImpression[]? items = null;
                lock (entry.Gate)
                {
                    if (entry.Pending.Count > 0)
                    {
                        // The queue itself stays for the next second's impressions: a list that lived a second and then
                        // became garbage each flush, one per title, is what made the collector promote and sweep it.
                        items = [.. entry.Pending];
                        entry.Pending.Clear();
                    }
                }
                var copy = entry.Copy;
                var wantCopy = copy is not null && entry.Used && now - copy.FetchedAt >= copyFor;
                if (items is null && !wantCopy) continue;
                if (wantCopy) entry.Used = false;
                sends.Add(SendAsync(entry, items, copy, wantCopy, now));
            }
            await Task.WhenAll(sends);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task SendAsync(ArtworkSlot entry, ShownImpression[]? items, ArtworkCopy? copy, bool wantCopy, DateTimeOffset now)
    {
        var count = items?.Length ?? 0;
        try
        {
            Interlocked.Increment(ref _batches);
            var fresh = await _grains.GetGrain<IArtworkGrain>(entry.TitleId)
                .RecordImpressions(new ShownImpressions(items ?? [], copy?.Version, wantCopy));
            Interlocked.Add(ref _sent, count);
            if (fresh is not null)
            {
                entry.Copy = new ArtworkCopy(fresh, now);
                Interlocked.Increment(ref _copies);
            }
            else if (wantCopy && copy is not null)
            {
                copy.FetchedAt = now;
            }
        }
        catch (Exception e)
        {
            if (count > 0) Dropped(count, $"the artwork grain of {entry.TitleId} did not take them", e);
            else LogFailure($"the artwork grain of {entry.TitleId} did not send a fresher copy", e);
        }
        finally
        {
            Interlocked.Add(ref _queued, -count);
        }
    }

    private async Task<ArtworkCopy?> FetchAsync(ArtworkSlot entry)
    {
        try
        {
            var copy = new ArtworkCopy(await _grains.GetGrain<IArtworkGrain>(entry.TitleId).Copy(), _clock.GetUtcNow());
            entry.Copy = copy;
            entry.Used = true;
            Interlocked.Increment(ref _copies);
            return copy;
        }
        catch (Exception e)
        {
            LogFailure($"the artwork model of {entry.TitleId} could not be copied; shown without an image meanwhile", e);
            return null;
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Stopped with the analytics publisher (Active stops first), while the artwork grains still answer.
        lifecycle.Subscribe(nameof(ArtworkChooser), ServiceLifecycleStage.Active, _ =>
        {
            _loop ??= Task.Run(RunAsync);
            return Task.CompletedTask;
        }, StopAsync);

    private Task RunAsync()
    {
        var turn = 0;
        return PeriodicLoop.RunAsync(() => _options.CurrentValue.ArtworkFlushEvery / FlushShares, _ =>
        {
            var share = turn;
            turn = (turn + 1) % FlushShares;
            return FlushAsync(share);
        }, e => LogFailure("a round of artwork impressions failed", e), _stop.Token);
    }

    /// <summary>Stops the loop and sends what is queued, for up to 10 s.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        if (_loop is not null) await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            await FlushAsync().WaitAsync(DrainTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            _logger.LogWarning("Stopped before {Count} artwork impression(s) reached their grains", ImpressionsQueued);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private void Dropped(int count, string reason, Exception? error)
    {
        var total = Interlocked.Add(ref _dropped, count);
        LogFailure($"{count} artwork impression(s) dropped: {reason} ({total} so far on this silo)", error);
    }

    private void LogFailure(string message, Exception? error)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFailureLog);
        if (last != 0 && now - last < LogFailuresEvery.TotalMilliseconds) return;
        if (Interlocked.CompareExchange(ref _lastFailureLog, now, last) != last) return;
        _logger.LogWarning(error, "{Message}", message);
    }

}

/// <summary>One title's place in the <see cref="ArtworkChooser"/>: its current copy and the impressions waiting for the next batch.</summary>
public sealed class ArtworkSlot(string titleId, int share)
{
    internal readonly object Gate = new();
    private ArtworkCopy? _copy;
    private volatile bool _used;

    public string TitleId { get; } = titleId;

    /// <summary>Which of the chooser's flush turns sends this title's impressions.</summary>
    internal int Share { get; } = share;

    public ArtworkCopy? Copy
    {
        get => Volatile.Read(ref _copy);
        internal set => Volatile.Write(ref _copy, value);
    }

    /// <summary>Shown since the last refresh was asked for.</summary>
    internal bool Used
    {
        get => _used;
        set => _used = value;
    }

    /// <summary>Guarded by <see cref="Gate"/>.</summary>
    internal List<ShownImpression> Pending { get; set; } = [];

    /// <summary>Guarded by <see cref="Gate"/>.</summary>
    internal Task<ArtworkCopy?>? Loading { get; set; }
}
