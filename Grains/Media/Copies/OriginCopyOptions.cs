namespace Orleans.Netflix.Grains.Media.Copies;

/// <summary>How a region copies published media in from other regions (configuration section "Netflix:Copies").</summary>
public sealed class OriginCopyOptions
{
    public const string Section = "Netflix:Copies";

    /// <summary>How often the region compares what it holds with what the others hold (and reports copies' progress).</summary>
    public TimeSpan SyncEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Titles copied at once; the rest wait their turn.</summary>
    public int TitlesAtOnce { get; set; } = 2;

    /// <summary>Files of one title downloaded at once.</summary>
    public int FilesAtOnce { get; set; } = 4;

    /// <summary>How long one file may take from one origin (headers and body) before the next origin is tried.</summary>
    public TimeSpan FileTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a title whose copy failed waits before it is tried again.</summary>
    public TimeSpan RetryFailedAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Origin base URLs by region (<c>Netflix:Copies:Origins:us-west:0</c>), tried first; a region's silos also
    /// announce their own origin in its database, and with neither the region's default port on this machine is tried.
    /// </summary>
    public Dictionary<string, List<string>> Origins { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
