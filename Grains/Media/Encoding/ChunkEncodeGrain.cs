using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

[GenerateSerializer, Alias("netflix.ChunkEncodeState")]
public sealed class ChunkEncodeState
{
    [Id(0)] public ChunkOutcome? Outcome { get; set; }
}

/// <summary>
/// One chunk x rendition encode. The job spreads them over the active silos with a placement hint
/// (see <see cref="IngestJobGrain"/>); each silo bounds its own ffmpeg processes.
/// </summary>
[GrainType("chunk-encode")]
public sealed class ChunkEncodeGrain(
    [PersistentState(StorageNames.ChunkEncodeState, StorageNames.Store)] IPersistentState<ChunkEncodeState> state,
    ChunkWorker worker,
    ILocalSiloDetails localSilo,
    IOptions<EncodingOptions> encoding,
    IOptions<IngestOptions> ingest,
    ILogger<ChunkEncodeGrain> logger) : Grain, IChunkEncodeGrain
{
    private Task? _running;
    private CancellationTokenSource? _cancel;

    public Task Encode(ChunkWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.Key != this.GetPrimaryKeyString()) throw new ArgumentException($"work {work.Key} sent to chunk grain {this.GetPrimaryKeyString()}");
        // What this grain writes (the chunk, and the shared decoded frames it may make) stays in the work root, before any ffmpeg runs.
        WorkRootPath.EnsureInside(ingest.Value.WorkRoot, work.OutputPath, "chunk output path");
        if (work.Frames is { } frames) WorkRootPath.EnsureInside(ingest.Value.WorkRoot, frames.Path, "shared frames path");
        if (state.State.Outcome is { Path: { } donePath } && !File.Exists(donePath))
        {
            // Its file went with the work folder of a job that failed: a retried job encodes the chunk again.
            state.State.Outcome = null;
        }
        if (state.State.Outcome is { } done)
        {
            // Finished before (perhaps before a restart): report again, encode nothing. The report is its own
            // message, not awaited here: the job (not reentrant) is waiting for this very call, so awaiting its
            // ChunkFinished would hold both until the call timed out. A lost report is sent again on the next redispatch.
            GrainFactory.GetGrain<IIngestChunkReports>(work.JobId).ChunkFinished(done).Ignore();
        }
        else
        {
            // The encode runs as its own task on this activation, so this call returns at once and
            // the job's turn is not held for minutes; a second request while it runs is a no-op.
            _running ??= RunAsync(work);
        }
        return Task.CompletedTask;
    }

    public Task Cancel()
    {
        _cancel?.Cancel();
        return Task.CompletedTask;
    }

    private async Task RunAsync(ChunkWork work)
    {
        DelayDeactivation(encoding.Value.ChunkTimeout * ingest.Value.ChunkAttempts);
        using var cancel = _cancel = new CancellationTokenSource();
        ChunkOutcome outcome;
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                var encoded = await Task.Run(() => worker.EncodeAsync(work, cancel.Token));
                outcome = new ChunkOutcome(work.Key, encoded.Path, encoded.Bytes, encoded.Frames, encoded.PsnrDb, null, localSilo.SiloAddress.Endpoint.ToString());
                break;
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
                outcome = new ChunkOutcome(work.Key, null, 0, 0, 0, ChunkOutcome.CancelledError);
                break;
            }
            catch (Exception e)
            {
                // The status shows one line (the exception's message); ffmpeg's own log goes to the job's log file.
                await IngestLog.AppendAsync(ingest.Value.LogRoot, work.JobId, $"chunk {work.Key} attempt {attempt} failed: {e.Message}",
                    e is FfmpegFailure ffmpeg ? ffmpeg.Log : e.ToString());
                if (attempt < ingest.Value.ChunkAttempts)
                {
                    logger.LogWarning("Chunk {Key} attempt {Attempt} failed, retrying: {Error}", work.Key, attempt, e.Message);
                    continue;
                }
                outcome = new ChunkOutcome(work.Key, null, 0, 0, 0, $"{attempt} attempts failed; last: {e.Message}");
                break;
            }
        }
        _cancel = null;

        if (outcome.Succeeded)
        {
            // Only success is remembered: a failed chunk is tried afresh when its job is started again.
            state.State.Outcome = outcome;
            await state.WriteOrRollBackAsync();
        }
        _running = null;
        await GrainFactory.GetGrain<IIngestChunkReports>(work.JobId).ChunkFinished(outcome);
    }
}
