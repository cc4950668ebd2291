using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// The counting rules of <see cref="TitleStats"/> over one title's events, in memory (PostgresAnalyticsStore does
/// the same in SQL): an impression is taken when the same member starts the title at or after it and within the
/// window, and each impression counts at most once however many plays follow it.
/// </summary>
public static class TitleCounters
{
    public static TitleStats Of(string titleId, IReadOnlyCollection<AnalyticsEvent> events, TimeSpan takeWindow)
    {
        long impressions = 0, starts = 0, stops = 0, qoeReports = 0;
        double rebufferSum = 0, bitrateSum = 0;
        long qoeWithSummary = 0;
        var members = new HashSet<string>(StringComparer.Ordinal);
        var playsByMember = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            members.Add(e.MemberId);
            switch (e.Kind)
            {
                case AnalyticsEventKind.Impression:
                    impressions++;
                    break;
                case AnalyticsEventKind.PlayStart:
                    starts++;
                    if (!playsByMember.TryGetValue(e.MemberId, out var times)) playsByMember[e.MemberId] = times = [];
                    times.Add(e.At);
                    break;
                case AnalyticsEventKind.PlayStop:
                    stops++;
                    break;
                case AnalyticsEventKind.Qoe:
                    qoeReports++;
                    if (e.Qoe is { } qoe)
                    {
                        qoeWithSummary++;
                        rebufferSum += qoe.RebufferRatio;
                        bitrateSum += qoe.MeanBitrateKbps;
                    }
                    break;
            }
        }
        foreach (var times in playsByMember.Values) times.Sort();

        var artwork = events
            .Where(e => e.Kind == AnalyticsEventKind.Impression && e.ArtworkId is not null)
            .GroupBy(e => e.ArtworkId!, StringComparer.Ordinal)
            .Select(g => new ArtworkCounters(g.Key, g.Count(), g.Count(i => PlayedWithin(playsByMember, i, takeWindow))))
            .OrderBy(a => a.ArtworkId, StringComparer.Ordinal)
            .ToArray();

        return new TitleStats(titleId, impressions, starts, stops, qoeReports, members.Count,
            qoeWithSummary == 0 ? 0 : rebufferSum / qoeWithSummary,
            qoeWithSummary == 0 ? 0 : bitrateSum / qoeWithSummary,
            artwork, takeWindow);
    }

    private static bool PlayedWithin(Dictionary<string, List<DateTimeOffset>> playsByMember, AnalyticsEvent impression, TimeSpan window)
    {
        if (!playsByMember.TryGetValue(impression.MemberId, out var times)) return false;
        var index = times.BinarySearch(impression.At);
        if (index < 0) index = ~index;
        else while (index > 0 && times[index - 1] == impression.At) index--;
        return index < times.Count && times[index] <= impression.At + window;
    }
}
