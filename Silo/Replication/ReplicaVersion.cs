using System.Globalization;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// A replicated record's version: its hybrid-logical-clock stamp, then the writing region as tiebreak,
/// so two regions never produce equal versions and every region picks the same winner.
/// Written as the grain state's ETag, <c>clock@region</c>.
/// </summary>
public readonly record struct ReplicaVersion(long Clock, string Region) : IComparable<ReplicaVersion>
{
    public int CompareTo(ReplicaVersion other)
    {
        var byClock = Clock.CompareTo(other.Clock);
        return byClock != 0 ? byClock : string.CompareOrdinal(Region, other.Region);
    }

    public static bool operator >(ReplicaVersion a, ReplicaVersion b) => a.CompareTo(b) > 0;

    public static bool operator <(ReplicaVersion a, ReplicaVersion b) => a.CompareTo(b) < 0;

    public string ETag => $"{Clock.ToString(CultureInfo.InvariantCulture)}@{Region}";

    public static ReplicaVersion? ParseETag(string? etag)
    {
        if (string.IsNullOrEmpty(etag)) return null;
        var at = etag.IndexOf('@');
        if (at <= 0 || !long.TryParse(etag.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var clock))
            throw new FormatException($"'{etag}' is not a replica version");
        return new ReplicaVersion(clock, etag[(at + 1)..]);
    }

    public override string ToString() => ETag;
}
