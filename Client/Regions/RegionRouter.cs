using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Hosting.Periodic;
using Orleans.Netflix.Regions;
using Orleans.Runtime;

namespace Orleans.Netflix.Client.Regions;

/// <summary>
/// Keeps a client on the nearest healthy region: regions in order of preference (nearest to the client
/// first), the first one reachable and not evacuated serves it. A call that fails because its region
/// stopped answering moves to the next region and runs again there; a probe every second moves the
/// client when its region is marked evacuated, and back when a nearer region is restored.
/// Grain calls are idempotent where this retries them (session heartbeats, profile writes by value).
/// </summary>
public sealed class RegionRouter(IReadOnlyList<string> preference, IRegionLinks links, RegionRouterOptions? options = null, TimeProvider? time = null)
{
    private readonly RegionRouterOptions _options = options ?? new RegionRouterOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _moving = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _failedAt = new(StringComparer.Ordinal);
    private readonly List<RegionMove> _moves = [];
    private volatile Serving? _serving;

    private sealed record Serving(string Region, IGrainFactory Grains);

    /// <summary>The region serving this client now (null before the first call).</summary>
    public string? Current => _serving?.Region;

    public IReadOnlyList<RegionMove> Moves
    {
        get
        {
            lock (_moves) return [.. _moves];
        }
    }

    public event Action<RegionMove>? Moved;

    /// <summary>Regions nearest first for a client that is nearest to <paramref name="nearest"/>.</summary>
    public static IReadOnlyList<string> PreferenceFrom(string nearest) => ClientConfiguration.Regions.ByDistanceFrom(nearest);

    /// <summary>Runs <paramref name="call"/> in the serving region, moving to the next region when that one fails.</summary>
    public async Task<T> CallAsync<T>(Func<IGrainFactory, Task<T>> call, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var serving = _serving ?? await MoveAsync(null, "start", cancellationToken);
            try
            {
                return await call(serving.Grains).WaitAsync(_options.CallTimeout, cancellationToken);
            }
            catch (Exception e) when (IsRegionFailure(e) && attempt < preference.Count)
            {
                await MoveAsync(serving.Region, $"{serving.Region} failed ({e.GetType().Name})", cancellationToken);
            }
        }
    }

    public Task CallAsync(Func<IGrainFactory, Task> call, CancellationToken cancellationToken = default) =>
        CallAsync(async g =>
        {
            await call(g);
            return true;
        }, cancellationToken);

    /// <summary>Probes until cancelled (see <see cref="CheckAsync"/>).</summary>
    public Task RunProbesAsync(CancellationToken cancellationToken) =>
        // A probe that fails (no region answers now, or the serving one errs) changes nothing: the next one tries again.
        PeriodicLoop.RunAsync(_options.ProbeEvery, CheckAsync, _ => { }, cancellationToken, time: _time);

    /// <summary>
    /// Asks the serving region for the evacuation marks: moves away when it is evacuated or does not
    /// answer, and back to a nearer region that is no longer evacuated and answers.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_serving is not { } serving)
        {
            await MoveAsync(null, "start", cancellationToken);
            return;
        }
        RegionMarks marks;
        try
        {
            marks = await MarksAsync(serving.Grains, _options.ProbeTimeout, cancellationToken);
        }
        catch (Exception e) when (IsRegionFailure(e))
        {
            await MoveAsync(serving.Region, $"{serving.Region} not answering ({e.GetType().Name})", cancellationToken);
            return;
        }
        if (marks.IsEvacuated(serving.Region))
        {
            await MoveAsync(serving.Region, $"{serving.Region} evacuated", cancellationToken, marks);
            return;
        }
        var nearer = preference.TakeWhile(r => r != serving.Region).FirstOrDefault(r => !marks.IsEvacuated(r) && !RecentlyFailed(r));
        if (nearer is not null) await MoveAsync(serving.Region, $"{nearer} restored", cancellationToken, marks, onlyTo: nearer);
    }

    private async Task<Serving> MoveAsync(string? from, string reason, CancellationToken cancellationToken, RegionMarks? marks = null, string? onlyTo = null)
    {
        var detectedAt = _time.GetUtcNow();
        await _moving.WaitAsync(cancellationToken);
        try
        {
            // Another call may have moved already: then there is nothing left to do.
            if (_serving is { } now && now.Region != from && onlyTo is null) return now;
            if (from is not null && onlyTo is null && marks is null)
            {
                // It failed (an evacuated region did not: it may be restored any moment).
                _failedAt[from] = detectedAt;
                await links.ForgetAsync(from);
            }
            var candidates = onlyTo is not null ? [onlyTo] : preference.Where(r => r != from).OrderBy(RecentlyFailed).ToArray();
            var failures = new List<string>();
            foreach (var region in candidates)
            {
                if (marks?.IsEvacuated(region) == true) continue;
                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(_options.ConnectTimeout);
                    var grains = await links.ConnectAsync(region, deadline.Token);
                    var seen = await MarksAsync(grains, _options.ConnectTimeout, deadline.Token);
                    if (seen.IsEvacuated(region))
                    {
                        failures.Add($"{region} is evacuated");
                        continue;
                    }
                    var serving = new Serving(region, grains);
                    _serving = serving;
                    _failedAt.Remove(region);
                    var move = new RegionMove(from, region, reason, detectedAt, _time.GetUtcNow());
                    lock (_moves) _moves.Add(move);
                    Moved?.Invoke(move);
                    return serving;
                }
                catch (Exception e) when (IsRegionFailure(e) || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    _failedAt[region] = _time.GetUtcNow();
                    failures.Add($"{region}: {e.GetBaseException().Message}");
                    await links.ForgetAsync(region);
                }
            }
            if (onlyTo is not null && _serving is { } stay) return stay;
            throw new ClusterUnreachableException($"no region can serve this client ({reason}): {string.Join("; ", failures)}");
        }
        finally
        {
            _moving.Release();
        }
    }

    private static async Task<RegionMarks> MarksAsync(IGrainFactory grains, TimeSpan timeout, CancellationToken cancellationToken) =>
        await grains.GetGrain<IRegionControlGrain>(IRegionControlGrain.Key).Marks().WaitAsync(timeout, cancellationToken);

    private bool RecentlyFailed(string region) =>
        _failedAt.TryGetValue(region, out var at) && _time.GetUtcNow() - at < _options.RetryFailedAfter;

    /// <summary>The region, not the request, failed: no silo, no gateway, no answer in time.</summary>
    public static bool IsRegionFailure(Exception e) => e is OrleansException or TimeoutException or ClusterUnreachableException
        or ObjectDisposedException or System.Net.Sockets.SocketException
        && e is not Orleans.Storage.InconsistentStateException;
}
