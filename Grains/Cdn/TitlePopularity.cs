namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// Plays per title, decayed with a half-life: each play adds one, and a score halves every
/// <c>halfLife</c> without plays, so yesterday's hit gives way to today's. Kept as one score and the
/// time it was last brought up to date per title, so a play costs O(1).
/// </summary>
public sealed class TitlePopularity(TimeSpan halfLife)
{
    private readonly Dictionary<string, (double Score, DateTimeOffset At)> _plays = new(StringComparer.Ordinal);

    public int Count => _plays.Count;

    public void RecordPlay(string titleId, DateTimeOffset now) => RecordPlays(titleId, 1, now);

    public void RecordPlays(string titleId, double plays, DateTimeOffset now) => _plays[titleId] = (ScoreOf(titleId, now) + plays, now);

    public double ScoreOf(string titleId, DateTimeOffset now) =>
        _plays.TryGetValue(titleId, out var p) ? p.Score * Math.Pow(0.5, (now - p.At) / halfLife) : 0;

    /// <summary>The <paramref name="count"/> most played titles, most popular first (ties by id, so the order is stable).</summary>
    public IReadOnlyList<(string TitleId, double Score)> Top(int count, DateTimeOffset now) =>
        _plays.Keys
            .Select(t => (TitleId: t, Score: ScoreOf(t, now)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.TitleId, StringComparer.Ordinal)
            .Take(count)
            .ToArray();
}
