using Microsoft.Extensions.Logging;
using Orleans.Netflix.Media;
using Orleans.Runtime;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The source's content checks, which decode every frame, run beside the chunk encodes: a source that
/// passes the quick probe is planned and encoded at once, and the one decode the checks need also writes
/// the raw frames of the chunks this silo encodes. Nothing is published before the checks pass.
/// </summary>
public sealed partial class IngestJobGrain
{
    private SourceValidationOptions ValidationRules()
    {
        var rules = validation.Value.Copy();
        rules.RequireAudio &= S.Request!.Audio.Length == 0; // separate audio files stand in for the source's own
        return rules;
    }

    private void EnsureContentCheck()
    {
        if (S.ContentChecked || _checkingContent is not null) return;
        _checkingContent = CheckContentAsync(PlanSplit());
    }

    /// <summary>
    /// The content check's decode also writes the raw frames of the chunks this silo will encode (see
    /// <see cref="SequentialSourceDecode"/>). Announced here, on the job's turn, before the chunks are
    /// dispatched, so their renditions wait for these frames instead of decoding the chunks themselves.
    /// </summary>
    private FrameSplit? PlanSplit()
    {
        var chunks = S.Chunks.Select(c => (Chunk: c, Frames: SharedFramesOf(c))).ToArray();
        if (chunks.Length == 0 || chunks.Any(c => c.Frames is null)) return null;
        var here = localSilo.SiloAddress;
        var silos = ActiveSilos();
        var pending = PendingKeys();
        var folder = Path.Combine(WorkFolder, "frames", $"sequential-{Guid.NewGuid():N}"[..23]);
        var frames = sharedFrames.Expect(
            [.. chunks.Select(c => (c.Frames!, Wanted: (silos.Length == 0 || silos[c.Chunk.Index % silos.Length].Equals(here))
                && S.Renditions.Any(r => pending.Contains(ChunkWork.ChunkKey(JobId, c.Chunk.Index, r.Name)))))],
            i => SequentialSourceDecode.ChunkFile(folder, i));
        return new FrameSplit([.. chunks.Select(c => c.Chunk)], frames);
    }

    private SiloAddress[] ActiveSilos() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Decodes the whole source for missing frames, black or frozen stretches and decode errors, beside
    /// the chunk encodes (one thread), writing this silo's chunks' frames on the way. A rejection stops the job before
    /// anything is published; a chunk that failed meanwhile fails the job only once the source is known good.
    /// </summary>
    private async Task CheckContentAsync(FrameSplit? split)
    {
        try
        {
            var (path, info, rules, threads) = (S.Request!.SourcePath, S.Source!, ValidationRules(), encoding.Value.ThreadsPerEncode);
            // Stopped with the silo (the decode may be paused, waiting for room): the job checks again where it comes back.
            var stopping = lifetime.ApplicationStopping;
            var rejections = await Task.Run(() => validator.CheckContentAsync(path, info, rules, threads, stopping, split));
            if (S.Stage != IngestStage.Encoding) return;
            if (rejections.Length > 0)
            {
                await RejectAsync(rejections);
                await UnregisterResumeAsync();
                return;
            }
            S.ContentChecked = true;
            await SaveAsync();
            if (_chunkFailure is { } failure) await FailAsync(failure.Error);
            else if (PendingKeys().Count == 0) EnsureAdvancing();
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogInformation("Ingest job {Job}: the source check stopped with the silo; it runs again when the job comes back", JobId);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Ingest job {Job}: checking the source failed", JobId);
            await FailAsync($"checking the source: {OneLine(e)}", e.ToString());
        }
        finally
        {
            _checkingContent = null;
        }
    }
}
