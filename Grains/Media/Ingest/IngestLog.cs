using System.Globalization;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// A job's log file, <c>&lt;LogRoot&gt;/&lt;job&gt;.log</c> (<see cref="IngestOptions.LogRoot"/>): what the status shows in one
/// line, written here in full (ffmpeg's own log, exceptions). Silos on one machine or a shared mount append to the
/// same file; each entry is one write, so entries from two silos do not interleave within a line.
/// </summary>
public static class IngestLog
{
    public static string PathOf(string logRoot, string jobId) => Path.Combine(logRoot, SafeNames.Folder(jobId) + ".log");

    /// <summary>Appends an entry; false when the log cannot be written, which is never a reason for the job to fail.</summary>
    public static async Task<bool> AppendAsync(string logRoot, string jobId, string heading, string? body = null)
    {
        var entry = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {heading}\n")
            + (string.IsNullOrWhiteSpace(body) ? "" : string.Join('\n', body.Split('\n').Select(l => "    " + l.TrimEnd('\r'))) + "\n");
        try
        {
            Directory.CreateDirectory(logRoot);
            await File.AppendAllTextAsync(PathOf(logRoot, jobId), entry);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
