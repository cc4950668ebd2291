using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Personalization.Artwork;

namespace Orleans.Netflix.Grains.Personalization;

/// <summary>One image shown to one member, waiting to learn whether a play follows.</summary>
public sealed record PendingImpression(string MemberId, ArtworkVariant Variant, MemberTastes Tastes, DateTimeOffset ShownAt);

/// <summary>
/// The impressions of one title still waiting for their outcome: at most one per member (showing the title to a member
/// again replaces theirs, so a re-render is not counted twice), oldest first, and at most <c>capacity</c> of them.
/// Not thread-safe (one grain owns one).
/// </summary>
public sealed class PendingImpressions(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<PendingImpression>> _byMember = new(StringComparer.Ordinal);
    private readonly LinkedList<PendingImpression> _oldestFirst = new();

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "at least one");

    public int Count => _byMember.Count;

    /// <summary>
    /// Holds <paramref name="impression"/> in place of the member's previous one (which is dropped, neither taken nor not);
    /// the oldest impressions beyond the capacity go to <paramref name="evicted"/>.
    /// </summary>
    public void Add(PendingImpression impression, List<PendingImpression> evicted)
    {
        if (_byMember.TryGetValue(impression.MemberId, out var previous))
        {
            // The member's node is reused: a home screen re-rendered every few seconds replaces far more than it adds.
            _oldestFirst.Remove(previous);
            previous.Value = impression;
            _oldestFirst.AddLast(previous);
            return;
        }
        _byMember[impression.MemberId] = _oldestFirst.AddLast(impression);
        while (_byMember.Count > Capacity) evicted.Add(RemoveOldest());
    }

    /// <summary>Removes and returns the member's pending impression, if any.</summary>
    public bool TryTake(string memberId, out PendingImpression impression)
    {
        if (_byMember.Remove(memberId, out var node))
        {
            _oldestFirst.Remove(node);
            impression = node.Value;
            return true;
        }
        impression = null!;
        return false;
    }

    /// <summary>The member's pending impression, left in place.</summary>
    public PendingImpression? Find(string memberId) => _byMember.TryGetValue(memberId, out var node) ? node.Value : null;

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
        return oldest.Value;
    }
}
