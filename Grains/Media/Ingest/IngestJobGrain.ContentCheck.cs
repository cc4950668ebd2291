using Microsoft.Extensions.Logging;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The source's content checks, which decode every frame, run beside the chunk encodes: a source that
/// passes the quick probe is planned and encoded at once, and the one decode the checks need also writes
/// the raw frames of the chunks this silo encodes (<see cref="ChunkDispatch.PlanSplit"/>). Nothing is published
/// before the checks pass.
/// </summary>
public sealed partial class IngestJobGrain
{
    private Task? _checkingContent;

    private void EnsureContentCheck()
    {
        if (S.ContentChecked || _checkingContent is not null) return;
        _checkingContent = CheckContentAsync(dispatch.PlanSplit(JobId, S, Folders));
    }

    /// <summary>
    /// Decodes the whole source for missing frames, black or frozen stretches and decode errors, beside
    /// the chunk encodes (one thread), writing this silo's chunks' frames on the way. A rejection stops the job before
    /// anything is published; a chunk that failed meanwhile fails the job only once the source is known good.
    /// </summary>
    private async Task CheckContentAsync(FrameSplit? split)
    {
        try
        {
            var (request, source) = (S.Request!, S.Source!);
            var rejections = await Task.Run(() => admission.CheckContentAsync(request, source, split));
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
        catch (OperationCanceledException) when (admission.SiloStopping.IsCancellationRequested)
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
