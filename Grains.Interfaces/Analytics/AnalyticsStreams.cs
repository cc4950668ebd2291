namespace Orleans.Netflix.Analytics;

/// <summary>
/// Where analytics events travel: one Orleans stream provider, one namespace, a fixed number of partitions (by member),
/// so each partition's subscriber sees a member's events in order and writes them in batches.
/// </summary>
public static class AnalyticsStreams
{
    public const string Provider = "netflix-events";
    public const string Namespace = "netflix.analytics";
    public const int Partitions = 8;

    /// <summary>The stream key for a member's events: "p0" to "p7", stable across processes (not string.GetHashCode).</summary>
    public static string PartitionOf(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        var hash = 2166136261u;
        foreach (var c in memberId) hash = (hash ^ c) * 16777619u;
        return $"p{hash % Partitions}";
    }
}
