using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Members;

/// <summary>
/// A member as stored and replicated. Two regions may write it at once, so it is a state-based CRDT
/// (<see cref="MemberStateMerge"/>): every field and every entry of a keyed collection carries the hybrid-logical-clock
/// stamp of its last write in <see cref="Stamps"/> (a key stamped but absent is a deletion, a tombstone), history is a
/// set of events, and <see cref="Writes"/> counts each region's writes. State stored before stamps existed reads as
/// stamp 0 everywhere: older than any write.
/// </summary>
[GenerateSerializer, Alias("netflix.MemberState")]
public sealed class MemberState
{
    /// <summary>Null until the member registers: an unregistered member does not exist.</summary>
    [Id(0)] public MemberProfile? Profile { get; set; }
    [Id(1)] public PlanTier Plan { get; set; }
    /// <summary>Kept in <see cref="Device.DeviceId"/> order (ordinal), so every region stores the same list.</summary>
    [Id(2)] public List<Device> Devices { get; set; } = [];
    /// <summary>Kept oldest first (by time, then title, then position), the newest <see cref="MemberRules.MaxHistory"/>.</summary>
    [Id(3)] public List<ViewingEvent> History { get; set; } = [];
    [Id(4)] public Dictionary<string, ResumePoint> ResumePoints { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public Dictionary<string, TitleRating> Ratings { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Accepted writes, all regions together: the sum of <see cref="Writes"/> (or the count stored before it existed).</summary>
    [Id(6)] public long Version { get; set; }
    /// <summary>Email (normalized) and PasswordHasher hash; null until set. Never a clear password.</summary>
    [Id(7)] public MemberSignIn? SignIn { get; set; }
    /// <summary>Per field and per entry (<see cref="MemberKeys"/>), the stamp of its last write; missing means 0.</summary>
    [Id(8)] public Dictionary<string, long> Stamps { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Writes accepted per region (a grow-only counter): merged per region by maximum, summed into <see cref="Version"/>.</summary>
    [Id(9)] public Dictionary<string, long> Writes { get; set; } = new(StringComparer.Ordinal);

    public long StampOf(string key) => Stamps.GetValueOrDefault(key);

    /// <summary>
    /// Marks <paramref name="key"/> as written at <paramref name="stamp"/>, or just above its previous stamp if that is
    /// higher (a stamp from a region whose clock ran ahead): a write always supersedes the value it replaced.
    /// </summary>
    public void Stamp(string key, long stamp) => Stamps[key] = Math.Max(stamp, StampOf(key) + 1);

    /// <summary>Counts one accepted write by <paramref name="region"/>.</summary>
    public void CountWrite(string region)
    {
        // State from before the counter: its count becomes a "stored" entry, the same in every region that migrates it.
        if (Writes.Count == 0 && Version > 0) Writes[MemberKeys.StoredWrites] = Version;
        Writes[region] = Writes.GetValueOrDefault(region) + 1;
        Version = Writes.Values.Sum();
    }
}

/// <summary>The keys of <see cref="MemberState.Stamps"/>: one per field, one per entry of a keyed collection.</summary>
public static class MemberKeys
{
    public const string Profile = "profile";
    public const string Plan = "plan";
    public const string SignIn = "sign-in";
    public const string DevicePrefix = "device:";
    public const string ResumePrefix = "resume:";
    public const string RatingPrefix = "rating:";

    /// <summary>The <see cref="MemberState.Writes"/> entry holding a count stored before writes were counted per region.</summary>
    public const string StoredWrites = "(stored)";

    public static string Device(string deviceId) => DevicePrefix + deviceId;
    public static string Resume(string titleId) => ResumePrefix + titleId;
    public static string Rating(string titleId) => RatingPrefix + titleId;
}
