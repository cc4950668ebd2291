using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// The steered edges in their ranked order and the one in use. Every file is addressed by its path in
/// the title's folder and resolved against the current edge's signed master URL, so moving to the next
/// edge moves every later request with it; nothing buffered is thrown away.
/// </summary>
public sealed class EdgeCursor(IReadOnlyList<ManifestEdge> edges)
{
    private int _index;

    public ManifestEdge Current => edges[_index];

    public bool HasNext => _index + 1 < edges.Count;

    public Uri Url(string titlePath) => new(new Uri(Current.MasterPlaylistUrl), titlePath);

    /// <summary>Moves to the next edge; false when none is left.</summary>
    public bool MoveNext()
    {
        if (!HasNext) return false;
        _index++;
        return true;
    }
}
