using System.Text.Json;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Members;

/// <summary>
/// Merges two copies of a member written in different regions, so that concurrent writes both survive where they touch
/// different fields or entries, and writes to the same field or entry resolve to the later stamp in every region.
/// The merge is commutative, associative and idempotent (a join), so regions that receive the same writes in any order,
/// repeated or late, end in the same state:
/// <list type="bullet">
/// <item>profile, plan and sign-in: each a last-writer-wins register (highest stamp);</item>
/// <item>devices, resume points, ratings: last-writer-wins maps, entry by entry, with deletions kept as stamps (tombstones);</item>
/// <item>viewing history: the union of both (events are facts, never edited), the newest <see cref="MemberRules.MaxHistory"/>;</item>
/// <item>the write count: per region the higher count, summed.</item>
/// </list>
/// Equal stamps (two regions stamping the same millisecond and counter) go to the value that sorts higher as JSON, a
/// value before a deletion, so the choice is the same everywhere.
/// </summary>
public static class MemberStateMerge
{
    public static MemberState Merge(MemberState a, MemberState b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var merged = new MemberState
        {
            Profile = Pick(a.Profile, a.StampOf(MemberKeys.Profile), b.Profile, b.StampOf(MemberKeys.Profile)),
            Plan = Pick(a.Plan, a.StampOf(MemberKeys.Plan), b.Plan, b.StampOf(MemberKeys.Plan)),
            SignIn = Pick(a.SignIn, a.StampOf(MemberKeys.SignIn), b.SignIn, b.StampOf(MemberKeys.SignIn)),
        };
        foreach (var key in a.Stamps.Keys.Union(b.Stamps.Keys).Order(StringComparer.Ordinal))
            merged.Stamps[key] = Math.Max(a.StampOf(key), b.StampOf(key));

        merged.Devices = [.. MergeEntries(ById(a.Devices), a, ById(b.Devices), b, MemberKeys.DevicePrefix)
            .Select(e => e.Value)];
        foreach (var (titleId, point) in MergeEntries(a.ResumePoints, a, b.ResumePoints, b, MemberKeys.ResumePrefix)) merged.ResumePoints[titleId] = point;
        foreach (var (titleId, rating) in MergeEntries(a.Ratings, a, b.Ratings, b, MemberKeys.RatingPrefix)) merged.Ratings[titleId] = rating;

        merged.History = Newest(a.History.Union(b.History));

        foreach (var region in a.Writes.Keys.Union(b.Writes.Keys).Order(StringComparer.Ordinal))
            merged.Writes[region] = Math.Max(a.Writes.GetValueOrDefault(region), b.Writes.GetValueOrDefault(region));
        merged.Version = merged.Writes.Count > 0 ? merged.Writes.Values.Sum() : Math.Max(a.Version, b.Version);
        return merged;
    }

    /// <summary>The state in the one order every region stores it in (the merge of a state with itself).</summary>
    public static MemberState Canonical(MemberState state) => Merge(state, state);

    /// <summary>History in its stored order, the newest <see cref="MemberRules.MaxHistory"/> events.</summary>
    public static List<ViewingEvent> Newest(IEnumerable<ViewingEvent> events) =>
    [
        .. events.Distinct()
            .OrderDescending(HistoryOrder)
            .Take(MemberRules.MaxHistory)
            .Reverse(),
    ];

    /// <summary>
    /// Adds <paramref name="events"/> to a history already in its stored order, each at its place, and drops the oldest past
    /// <see cref="MemberRules.MaxHistory"/>: the same list <see cref="Newest"/> gives for the two together, without sorting
    /// the whole history again on every write.
    /// </summary>
    public static void Insert(List<ViewingEvent> history, IEnumerable<ViewingEvent> events)
    {
        foreach (var e in events)
        {
            var at = history.BinarySearch(e, HistoryOrder);
            if (at >= 0) continue; // already there (the order tells every field apart, so equal here is the same event)
            history.Insert(~at, e);
        }
        if (history.Count > MemberRules.MaxHistory) history.RemoveRange(0, history.Count - MemberRules.MaxHistory);
    }

    /// <summary>Whether <paramref name="history"/> is in the stored order with no repeats (what <see cref="Insert"/> needs).</summary>
    public static bool IsInStoredOrder(List<ViewingEvent> history)
    {
        for (var i = 1; i < history.Count; i++)
        {
            if (HistoryOrder.Compare(history[i - 1], history[i]) >= 0) return false;
        }
        return true;
    }

    /// <summary>History's stored order, oldest first: when it was watched, then title (ordinal), then position.</summary>
    private static readonly Comparer<ViewingEvent> HistoryOrder = Comparer<ViewingEvent>.Create((x, y) =>
    {
        var byTime = x.WatchedAt.CompareTo(y.WatchedAt);
        if (byTime != 0) return byTime;
        var byTitle = string.CompareOrdinal(x.TitleId, y.TitleId);
        return byTitle != 0 ? byTitle : x.Position.CompareTo(y.Position);
    });

    /// <summary>Entry by entry, the side with the higher stamp; an entry whose winning side lacks it stays deleted. Ordinal key order.</summary>
    private static IEnumerable<KeyValuePair<string, T>> MergeEntries<T>(IReadOnlyDictionary<string, T> a, MemberState aState,
        IReadOnlyDictionary<string, T> b, MemberState bState, string prefix) where T : class
    {
        var keys = a.Keys.Union(b.Keys)
            .Concat(aState.Stamps.Keys.Concat(bState.Stamps.Keys).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var value = Pick(a.GetValueOrDefault(key), aState.StampOf(prefix + key), b.GetValueOrDefault(key), bState.StampOf(prefix + key));
            if (value is not null) yield return new(key, value);
        }
    }

    /// <summary>Devices by id (the last of a repeated id, as a device added again replaces the earlier one).</summary>
    private static Dictionary<string, Device> ById(IEnumerable<Device> devices)
    {
        var byId = new Dictionary<string, Device>(StringComparer.Ordinal);
        foreach (var device in devices) byId[device.DeviceId] = device;
        return byId;
    }

    private static T Pick<T>(T a, long aStamp, T b, long bStamp)
    {
        if (aStamp != bStamp) return aStamp > bStamp ? a : b;
        if (EqualityComparer<T>.Default.Equals(a, b)) return a;
        return string.CompareOrdinal(JsonSerializer.Serialize(a), JsonSerializer.Serialize(b)) >= 0 ? a : b;
    }
}
