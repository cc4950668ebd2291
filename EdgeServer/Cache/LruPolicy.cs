namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// Least recently used first: a linked list in use order plus a dictionary into it, O(1) per call.
/// Simple and predictable, but a one-off scan of many objects flushes everything else; see
/// <see cref="GdsfPolicy"/> for the popularity-aware alternative.
/// </summary>
public sealed class LruPolicy : IEvictionPolicy
{
    private readonly LinkedList<CacheKey> _order = new(); // first = least recently used
    private readonly Dictionary<CacheKey, LinkedListNode<CacheKey>> _nodes = [];

    /// <summary>How many objects the policy tracks.</summary>
    public int Count => _nodes.Count;

    /// <inheritdoc />
    public void Added(CacheKey key)
    {
        if (_nodes.TryGetValue(key, out var node)) MoveToBack(node);
        else _nodes.Add(key, _order.AddLast(key));
    }

    /// <inheritdoc />
    public void Accessed(CacheKey key)
    {
        if (_nodes.TryGetValue(key, out var node)) MoveToBack(node);
    }

    /// <inheritdoc />
    public void Removed(CacheKey key)
    {
        if (_nodes.Remove(key, out var node)) _order.Remove(node);
    }

    /// <inheritdoc />
    public CacheKey? Victim(IReadOnlySet<CacheKey> protectedKeys)
    {
        for (var node = _order.First; node is not null; node = node.Next)
        {
            if (!protectedKeys.Contains(node.Value)) return node.Value;
        }
        return null;
    }

    private void MoveToBack(LinkedListNode<CacheKey> node)
    {
        _order.Remove(node);
        _order.AddLast(node);
    }
}
