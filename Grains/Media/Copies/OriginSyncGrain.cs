using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Media;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Media.Copies;

/// <summary>
/// Every <see cref="OriginCopyOptions.SyncEvery"/>: reads what each region's origin holds (replicated, so read here),
/// and for each title whose current media (its replicated <see cref="ITitleAssetsGrain"/> index) another region holds
/// complete and this one does not, copies it from the regions that hold it, a few titles at a time. The copy runs on
/// the thread pool; the grain records its start, its progress each round and its end in this region's holdings.
/// Nothing here is stored: after a restart the holdings still show what is missing, and the copy starts again.
/// </summary>
[GrainType("origin-sync")]
public sealed class OriginSyncGrain(
    SiloRegion region,
    RegionDirectory regions,
    OriginCopier copier,
    IOriginLocator origins,
    IOptions<OriginCopyOptions> options,
    TimeProvider clock,
    ILogger<OriginSyncGrain> logger) : Grain, IOriginSyncGrain
{
    private sealed record Running(OriginHolding Started, CopyProgress Progress)
    {
        public int FilesReported { get; set; }
    }

    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _retryAt = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != region.Name)
            throw new InvalidOperationException($"the copier of {this.GetPrimaryKeyString()} runs only in {this.GetPrimaryKeyString()}, not in {region.Name}");
        this.RegisterGrainTimer(_ => SyncOrWaitAsync(), new GrainTimerCreationOptions(options.Value.SyncEvery, options.Value.SyncEvery) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task Start() => Task.CompletedTask;

    public async Task<int> SyncNow()
    {
        await SyncAsync();
        return _running.Count;
    }

    private async Task SyncOrWaitAsync()
    {
        try
        {
            await SyncAsync();
        }
        catch (Exception e)
        {
            // Holdings or indexes unreadable for now (storage down): running copies go on, the next round looks again.
            logger.LogDebug(e, "Could not compare holdings in {Region}", region.Name);
        }
    }

    private async Task SyncAsync()
    {
        await ReportProgressAsync();
        var here = (await Holdings(region.Name).All()).ToDictionary(h => h.TitleId, StringComparer.Ordinal);
        var heldElsewhere = new Dictionary<string, List<(string Region, OriginHolding Holding)>>(StringComparer.Ordinal);
        foreach (var other in regions.All.Where(r => r.Name != region.Name))
        {
            foreach (var holding in await Holdings(other.Name).All())
            {
                if (holding.State != MediaCopyState.Complete) continue;
                if (!heldElsewhere.TryGetValue(holding.TitleId, out var list)) heldElsewhere[holding.TitleId] = list = [];
                list.Add((other.Name, holding));
            }
        }

        var now = clock.GetUtcNow();
        foreach (var (titleId, holders) in heldElsewhere.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (_running.Count >= Math.Max(1, options.Value.TitlesAtOnce)) break;
            if (_running.ContainsKey(titleId) || (_retryAt.TryGetValue(titleId, out var retry) && now < retry)) continue;
            var mine = here.GetValueOrDefault(titleId);
            if (mine is { State: MediaCopyState.Complete } && holders.All(h => h.Holding.JobId == mine.JobId)) continue;
            var assets = await GrainFactory.GetGrain<ITitleAssetsGrain>(titleId).Get();
            if (assets is null || mine.Serves(assets)) continue;
            // Copy from the regions holding exactly the indexed media; one whose copy of the index has not arrived yet waits a round.
            var sources = holders.Where(h => h.Holding.JobId == assets.JobId).Select(h => h.Region).ToArray();
            if (sources.Length == 0) continue;
            await StartCopyAsync(assets, sources, now);
        }
    }

    private async Task StartCopyAsync(TitleAssets assets, string[] sources, DateTimeOffset now)
    {
        var bytes = assets.Files.Sum(f => f.Bytes);
        var started = new OriginHolding(assets.TitleId, assets.JobId, MediaCopyState.Copying, sources[0], 0, assets.Files.Length, 0, bytes, now, now);
        var running = new Running(started, new CopyProgress());
        _running[assets.TitleId] = running;
        try
        {
            await Holdings(region.Name).Record(started);
            var urls = new List<string>();
            foreach (var source in sources) urls.AddRange(await origins.OriginUrlsAsync(source, CancellationToken.None));
            logger.LogInformation("Copying {Title} ({Job}, {Files} files, {Bytes} bytes) into {Region} from {Sources}",
                assets.TitleId, assets.JobId, assets.Files.Length, bytes, region.Name, string.Join(", ", sources));
            var copy = Task.Run(() => copier.CopyAsync(assets, urls, running.Progress, CancellationToken.None));
            _ = FinishAsync(assets, running, copy);
        }
        catch (Exception e)
        {
            await FailAsync(assets.TitleId, running, e);
        }
    }

    private async Task FinishAsync(TitleAssets assets, Running running, Task copy)
    {
        try
        {
            await copy;
            var now = clock.GetUtcNow();
            await Holdings(region.Name).Record(running.Started with
            {
                State = MediaCopyState.Complete, Files = assets.Files.Length, Bytes = running.Started.BytesTotal, UpdatedAt = now,
            });
            _running.Remove(assets.TitleId);
            _retryAt.Remove(assets.TitleId);
            logger.LogInformation("Copied {Title} into {Region} in {Seconds:0.0} s", assets.TitleId, region.Name, (now - running.Started.StartedAt).TotalSeconds);
        }
        catch (Exception e)
        {
            await FailAsync(assets.TitleId, running, e);
        }
    }

    private async Task FailAsync(string titleId, Running running, Exception error)
    {
        _running.Remove(titleId);
        _retryAt[titleId] = clock.GetUtcNow() + options.Value.RetryFailedAfter;
        logger.LogWarning("Copying {Title} into {Region} failed: {Reason}", titleId, region.Name, error.Message);
        try
        {
            await Holdings(region.Name).Record(running.Started with
            {
                State = MediaCopyState.Failed, Files = running.Progress.Files, Bytes = running.Progress.Bytes, UpdatedAt = clock.GetUtcNow(), Error = error.Message,
            });
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not record the failed copy of {Title}", titleId);
        }
    }

    /// <summary>Writes each running copy's progress when it moved (a progress report that arrives after the copy's end is ignored by the holdings).</summary>
    private async Task ReportProgressAsync()
    {
        foreach (var (titleId, running) in _running.ToArray())
        {
            var files = running.Progress.Files;
            if (files == running.FilesReported || files == running.Started.FilesTotal) continue;
            try
            {
                running.FilesReported = files;
                await Holdings(region.Name).Record(running.Started with { Files = files, Bytes = running.Progress.Bytes, UpdatedAt = clock.GetUtcNow() });
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Could not record the progress of copying {Title}", titleId);
            }
        }
    }

    private IOriginHoldingsGrain Holdings(string name) => GrainFactory.GetGrain<IOriginHoldingsGrain>(name);
}
