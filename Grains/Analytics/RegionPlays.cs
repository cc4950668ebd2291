namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// Several regions' play counts as one: plays summed per member and title, and each member's region taken from the
/// log holding their latest play (equal times: the region last in ordinal order, as each log breaks its own ties).
/// Every region that reads the same logs gets the same list, in the same order, whatever order the logs came in.
/// </summary>
public static class RegionPlays
{
    public static IReadOnlyList<MemberTitlePlays> Merge(IEnumerable<IReadOnlyList<TimedMemberTitlePlays>> logs)
    {
        var plays = new Dictionary<(string Member, string Title), int>();
        var latest = new Dictionary<string, (DateTimeOffset At, string Region)>(StringComparer.Ordinal);
        foreach (var log in logs)
        {
            foreach (var (p, at) in log)
            {
                plays[(p.MemberId, p.TitleId)] = plays.GetValueOrDefault((p.MemberId, p.TitleId)) + p.Plays;
                if (!latest.TryGetValue(p.MemberId, out var known) || Later((at, p.Region), known)) latest[p.MemberId] = (at, p.Region);
            }
        }
        return [.. plays
            .Select(p => new MemberTitlePlays(p.Key.Member, p.Key.Title, latest[p.Key.Member].Region, p.Value))
            .OrderBy(p => p.MemberId, StringComparer.Ordinal).ThenBy(p => p.TitleId, StringComparer.Ordinal)];
    }

    private static bool Later((DateTimeOffset At, string Region) a, (DateTimeOffset At, string Region) b) =>
        a.At != b.At ? a.At > b.At : string.CompareOrdinal(a.Region, b.Region) > 0;
}
