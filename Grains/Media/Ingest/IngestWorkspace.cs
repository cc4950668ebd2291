using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// A job's files outside its grain state: its folders (<see cref="JobFolders"/>), its log file (<see cref="IngestLog"/>),
/// and their removal when the job is done with them.
/// </summary>
public sealed class IngestWorkspace(IOptions<IngestOptions> options, ILogger<IngestWorkspace> logger)
{
    private static readonly TimeSpan DeleteRetry = TimeSpan.FromMilliseconds(200);

    public JobFolders FoldersOf(string jobId, string titleId) => JobFolders.Of(options.Value, jobId, titleId);

    /// <summary>Appends to the job's log file; a log that cannot be written never fails the job.</summary>
    public Task LogAsync(string jobId, string heading, string? details = null) => IngestLog.AppendAsync(options.Value.LogRoot, jobId, heading, details);

    /// <summary>The job's log file, or null while nothing was logged.</summary>
    public string? LogFile(string jobId) => IngestLog.PathOf(options.Value.LogRoot, jobId) is var path && File.Exists(path) ? path : null;

    /// <summary>Deletes the work folder of a published job (its chunks and assembled renditions), off the caller's thread.</summary>
    public Task RemoveWorkAsync(JobFolders folders) => Task.Run(() =>
    {
        if (Directory.Exists(folders.Work)) Directory.Delete(folders.Work, recursive: true);
    });

    /// <summary>
    /// Deletes the job's work folder and staging folder, and its title's folder when that holds nothing else, off the
    /// caller's thread.
    /// </summary>
    public Task RemoveLeftoversAsync(string jobId, JobFolders folders) => Task.Run(async () =>
    {
        foreach (var folder in new[] { folders.Work, folders.Staging })
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
                        logger.LogWarning("Ingest job {Job}: could not remove {Folder}: {Error}", jobId, folder, e.Message);
                        break;
                    }
                    await Task.Delay(DeleteRetry);
                }
            }
        }
        try
        {
            if (Directory.Exists(folders.Title) && !Directory.EnumerateFileSystemEntries(folders.Title).Any()) Directory.Delete(folders.Title);
        }
        catch (IOException)
        {
            // Another job of the title published or staged meanwhile: its folder stays.
        }
    });
}
