using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Personalization.Artwork;

namespace Orleans.Netflix.Grains.Personalization;

/// <summary>One image shown to one member, waiting to learn whether a play follows.</summary>
public sealed record PendingImpression(string MemberId, ArtworkVariant Variant, MemberTastes Tastes, DateTimeOffset ShownAt);

/// <summary>
/// The impressions of one title still waiting for their outcome: at most one per member (showing the title to a member
/// again replaces theirs, so a re-render is not counted twice), oldest first, and at most <c>capacity</c> of them.
/// A member's entry is updated in place when replaced: home screens re-render far more often than they add a member.
/// Not thread-safe (one grain owns one).
/// </summary>
public sealed class PendingImpressions(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _byMember = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _oldestFirst = new();

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "at least one");

    public int Count => _byMember.Count;

    /// <summary>
    /// Holds <paramref name="impression"/> in place of the member's previous one (which is dropped, neither taken nor not);
    /// the oldest impressions beyond the capacity go to <paramref name="evicted"/>.
    /// </summary>
    public void Add(PendingImpression impression, List<PendingImpression> evicted) =>
        Add(impression.MemberId, impression.Variant, impression.Tastes, impression.ShownAt, evicted);

    /// <inheritdoc cref="Add(PendingImpression, List{PendingImpression})"/>
    public void Add(string memberId, ArtworkVariant variant, MemberTastes tastes, DateTimeOffset shownAt, List<PendingImpression> evicted)
    {
        if (_byMember.TryGetValue(memberId, out var previous))
        {
            _oldestFirst.Remove(previous);
            var entry = previous.Value;
            entry.Variant = variant;
            entry.Tastes = tastes;
            entry.ShownAt = shownAt;
            _oldestFirst.AddLast(previous);
            return;
        }
        _byMember[memberId] = _oldestFirst.AddLast(new Entry(memberId, variant, tastes, shownAt));
        while (_byMember.Count > Capacity) evicted.Add(RemoveOldest());
    }

    /// <summary>Removes and returns the member's pending impression, if any.</summary>
    public bool TryTake(string memberId, out PendingImpression impression)
    {
        if (_byMember.Remove(memberId, out var node))
        {
            _oldestFirst.Remove(node);
            impression = node.Value.ToImpression();
            return true;
        }
        impression = null!;
        return false;
    }

    /// <summary>The member's pending impression, left in place.</summary>
    /// <summary>Whether the member has an impression waiting for a play.</summary>
    public bool Holds(string memberId) => _byMember.ContainsKey(memberId);

    public PendingImpression? Find(string memberId) => _byMember.TryGetValue(memberId, out var node) ? node.Value.ToImpression() : null;

    /// <summary>Removes every impression shown before <paramref name="cutoff"/> into <paramref name="expired"/>, oldest first.</summary>
    public void TakeShownBefore(DateTimeOffset cutoff, List<PendingImpression> expired)
    {
        // Oldest first by insertion; a clock stepping back only delays an impression's expiry, it never loses it.
        while (_oldestFirst.First is { } oldest && oldest.Value.ShownAt < cutoff) expired.Add(RemoveOldest());
    }

    private PendingImpression RemoveOldest()
    {
        var oldest = _oldestFirst.First!;
        _oldestFirst.RemoveFirst();
        _byMember.Remove(oldest.Value.MemberId);
        return oldest.Value.ToImpression();
    }

    private sealed class Entry(string memberId, ArtworkVariant variant, MemberTastes tastes, DateTimeOffset shownAt)
    {
        public string MemberId { get; } = memberId;
        public ArtworkVariant Variant { get; set; } = variant;
        public MemberTastes Tastes { get; set; } = tastes;
        public DateTimeOffset ShownAt { get; set; } = shownAt;

        public PendingImpression ToImpression() => new(MemberId, Variant, Tastes, ShownAt);
    }
}
