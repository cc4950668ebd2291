using Microsoft.Extensions.Logging;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// How a job that does not publish ends (Rejected or Failed): one line in its status, the full story in its log
/// file, its outstanding chunk encodes stopped, and nothing of it left in the work root or as a staging folder.
/// </summary>
public sealed partial class IngestJobGrain
{
    private static readonly TimeSpan DeleteRetry = TimeSpan.FromMilliseconds(200);
    private IGrainTimer? _sweep;

    private string LogRoot => ingest.Value.LogRoot;

    private async Task RejectAsync(IReadOnlyList<SourceRejection> rejections)
    {
        S.Rejections = [.. rejections];
        await IngestLog.AppendAsync(LogRoot, JobId, $"rejected: {S.Request!.SourcePath}", string.Join('\n', rejections));
        await EndUnsuccessfullyAsync(IngestStage.Rejected);
    }

    /// <summary>Fails the job with <paramref name="error"/>, one line, and <paramref name="details"/> (an ffmpeg log, an exception) in its log file.</summary>
    private async Task FailAsync(string error, string? details = null)
    {
        S.Error = error;
        await IngestLog.AppendAsync(LogRoot, JobId, $"failed: {error}", details);
        await EndUnsuccessfullyAsync(IngestStage.Failed);
    }

    private async Task EndUnsuccessfullyAsync(IngestStage stage)
    {
        StopRedispatch();
        await MoveToAsync(stage);
        // Encodes still running or queued would only write files nobody wants: stopped (each reports back, which
        // sweeps again). A message each, not awaited: none of them waits on this job.
        foreach (var key in PendingKeys()) GrainFactory.GetGrain<IChunkEncodeGrain>(key).Cancel().Ignore();
        await RemoveLeftoversAsync();
        // Shared decoded frames on other silos can still arrive after their renditions stopped: one more sweep
        // once those would have been dropped anyway.
        _sweep?.Dispose();
        _sweep = this.RegisterGrainTimer(async _ =>
        {
            _sweep?.Dispose();
            _sweep = null;
            if (S.Stage is IngestStage.Rejected or IngestStage.Failed) await RemoveLeftoversAsync();
        }, encoding.Value.SharedFramesLinger + TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Deletes the job's work folder and staging folder, and its title's folder when that holds nothing else.</summary>
    private Task RemoveLeftoversAsync()
    {
        var (work, staging, title) = (WorkFolder, OriginPublisher.StagingFolder(ingest.Value.OriginRoot, S.Request!.TitleId, JobId),
            OriginPublisher.TitleFolder(ingest.Value.OriginRoot, S.Request.TitleId));
        return Task.Run(async () =>
        {
            foreach (var folder in new[] { work, staging })
            {
                for (var attempt = 1; Directory.Exists(folder); attempt++)
                {
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // A process that was stopping wrote into it meanwhile: try again, then leave it to the next sweep.
                        if (attempt >= 5)
                        {
                            logger.LogWarning("Ingest job {Job}: could not remove {Folder}: {Error}", JobId, folder, e.Message);
                            break;
                        }
                        await Task.Delay(DeleteRetry);
                    }
                }
            }
            try
            {
                if (Directory.Exists(title) && !Directory.EnumerateFileSystemEntries(title).Any()) Directory.Delete(title);
            }
            catch (IOException)
            {
                // Another job of the title published or staged meanwhile: its folder stays.
            }
        });
    }

    /// <summary>One line for the status, whatever failed: an ffmpeg failure's reason, or an exception's first line.</summary>
    private static string OneLine(Exception e)
    {
        var line = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? e.GetType().Name;
        return line.Length <= 200 ? line : line[..197] + "...";
    }
}
