using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// How a job that does not publish ends (Rejected or Failed): one line in its status, the full story in its log
/// file, its outstanding chunk encodes stopped, and nothing of it left in the work root or as a staging folder.
/// </summary>
public sealed partial class IngestJobGrain
{
    private IGrainTimer? _sweep;
    // Between the decision to end and the stored end: chunk reports arriving then only sweep.
    private bool _ending;

    private async Task RejectAsync(IReadOnlyList<SourceRejection> rejections)
    {
        S.Rejections = [.. rejections];
        await workspace.LogAsync(JobId, $"rejected: {S.Request!.SourcePath}", string.Join('\n', rejections));
        await EndUnsuccessfullyAsync(IngestStage.Rejected);
    }

    /// <summary>Fails the job with <paramref name="error"/>, one line, and <paramref name="details"/> (an ffmpeg log, an exception) in its log file.</summary>
    private async Task FailAsync(string error, string? details = null)
    {
        S.Error = error;
        await workspace.LogAsync(JobId, $"failed: {error}", details);
        await EndUnsuccessfullyAsync(IngestStage.Failed);
    }

    private async Task EndUnsuccessfullyAsync(IngestStage stage)
    {
        StopRedispatch();
        _ending = true;
        try
        {
            // Encodes still running or queued would only write files nobody wants: stopped (each reports back, which sweeps again).
            dispatch.CancelPending(JobId, S);
            // Status queries are answered meanwhile: the job shows its end only once nothing of it is left on disk.
            await workspace.RemoveLeftoversAsync(JobId, Folders);
            await MoveToAsync(stage);
        }
        finally
        {
            _ending = false;
        }
        // Shared decoded frames on other silos can still arrive after their renditions stopped: one more sweep
        // once those would have been dropped anyway.
        _sweep?.Dispose();
        _sweep = this.RegisterGrainTimer(async _ =>
        {
            _sweep?.Dispose();
            _sweep = null;
            if (S.Stage is IngestStage.Rejected or IngestStage.Failed) await workspace.RemoveLeftoversAsync(JobId, Folders);
        }, dispatch.FramesGoneAfter, Timeout.InfiniteTimeSpan);
    }

    /// <summary>One line for the status, whatever failed: an ffmpeg failure's reason, or an exception's first line.</summary>
    private static string OneLine(Exception e)
    {
        var line = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? e.GetType().Name;
        return line.Length <= 200 ? line : line[..197] + "...";
    }
}
