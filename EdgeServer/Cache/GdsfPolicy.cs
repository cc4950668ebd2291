namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// Greedy-Dual-Size-Frequency, tuned for byte hit ratio: each object's priority is
/// <c>H = L + frequency</c>, and the lowest H is evicted first. L is a clock that rises to the H of each
/// evicted object, so objects that stop being requested age out as newer ones arrive.
/// </summary>
/// <remarks>
/// <para>Why: an edge's cost is origin bytes. Classic GDSF uses <c>frequency × cost / size</c>; with
/// cost = size (every byte fetched costs the same) that reduces to plain frequency, which keeps the
/// byte hit ratio high instead of favouring many small objects.</para>
/// <para>It is popularity-aware where LRU is not: a one-off scan of many objects enters at
/// <c>L + 1</c> and those objects evict each other, while an object requested many times sits at
/// <c>L + frequency</c> and survives until the clock catches up with it.</para>
/// <para>Frequency is capped (<see cref="DefaultMaxFrequency"/>) so an object that was hot once cannot
/// squat forever after its requests stop: it outlives at most about that many rises of the clock.
/// Frequency is forgotten on eviction. Ties go to the older entry. A sorted set plus a dictionary
/// give O(log n) per call.</para>
/// </remarks>
public sealed class GdsfPolicy : IEvictionPolicy
{
    /// <summary>The default cap on an object's counted accesses.</summary>
    public const int DefaultMaxFrequency = 64;

    private readonly long _maxFrequency;
    private readonly Dictionary<CacheKey, Slot> _slots = [];
    private readonly SortedSet<Slot> _queue = new(SlotOrder.Instance); // first = next victim
    private long _sequence;
    private CacheKey? _proposed;

    /// <summary>A policy whose frequencies stop counting at <paramref name="maxFrequency"/>.</summary>
    public GdsfPolicy(int maxFrequency = DefaultMaxFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrequency, 1);
        _maxFrequency = maxFrequency;
    }

    /// <summary>The clock L: the priority of the last evicted object (never goes down).</summary>
    public long Clock { get; private set; }

    /// <summary>How many objects the policy tracks.</summary>
    public int Count => _slots.Count;

    /// <summary>The object's current priority H, or null if it is not tracked.</summary>
    public long? PriorityOf(CacheKey key) => _slots.TryGetValue(key, out var slot) ? slot.Priority : null;

    /// <inheritdoc />
    public void Added(CacheKey key)
    {
        if (_slots.ContainsKey(key)) Accessed(key);
        else Place(key, frequency: 1);
    }

    /// <inheritdoc />
    public void Accessed(CacheKey key)
    {
        if (!_slots.TryGetValue(key, out var slot)) return;
        _queue.Remove(slot);
        Place(key, Math.Min(slot.Frequency + 1, _maxFrequency));
    }

    /// <inheritdoc />
    public void Removed(CacheKey key)
    {
        if (!_slots.Remove(key, out var slot)) return;
        _queue.Remove(slot);
        // Only an eviction advances the clock; an object dropped for another reason (corrupt, pinned) does not.
        if (key == _proposed)
        {
            Clock = Math.Max(Clock, slot.Priority);
            _proposed = null;
        }
    }

    /// <inheritdoc />
    public CacheKey? Victim(IReadOnlySet<CacheKey> protectedKeys)
    {
        foreach (var slot in _queue)
        {
            if (!protectedKeys.Contains(slot.Key)) return _proposed = slot.Key;
        }
        return null;
    }

    private void Place(CacheKey key, long frequency)
    {
        var slot = new Slot(key, Clock + frequency, frequency, _sequence++);
        _slots[key] = slot;
        _queue.Add(slot);
    }

    private readonly record struct Slot(CacheKey Key, long Priority, long Frequency, long Sequence);

    private sealed class SlotOrder : IComparer<Slot>
    {
        public static readonly SlotOrder Instance = new();

        // Sequence numbers are unique, so no two slots compare equal.
        public int Compare(Slot x, Slot y)
        {
            var byPriority = x.Priority.CompareTo(y.Priority);
            return byPriority != 0 ? byPriority : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
