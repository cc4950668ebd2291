using System.Text;
using Orleans.Netflix.EdgeServer.Origin;

namespace Orleans.Netflix.EdgeServer.DataPlane;

/// <summary>
/// nginx's map from asset path to SHA-256, made from the titles this edge has indexed (a title's paths are added when
/// its index is first fetched or changes). A path not in the map goes to EdgeServer, which fetches the index; so the
/// map only decides what nginx may serve itself, never whether a file is served.
/// </summary>
public sealed class ObjectMap
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, string>> _titles = new(StringComparer.Ordinal); // title -> path -> sha
    private bool _changed = true;

    public void Add(TitleIndex index)
    {
        var paths = index.Files.ToDictionary(f => f.Key, f => f.Value.Sha256, StringComparer.Ordinal);
        lock (_gate)
        {
            _titles[index.TitleId] = paths;
            _changed = true;
        }
    }

    /// <summary>Writes the map if it changed since the last write (atomically: a reload never reads half a file); true when written.</summary>
    public bool WriteIfChanged(string path)
    {
        string text;
        lock (_gate)
        {
            if (!_changed) return false;
            _changed = false;
            var builder = new StringBuilder();
            foreach (var paths in _titles.Values)
            {
                foreach (var (asset, sha) in paths)
                {
                    // EdgePath's allow-list keeps quotes and semicolons out of asset paths; a path that still has one is left to EdgeServer.
                    if (asset.Any(c => c is '"' or ';' or ' ' or '\\' or '{' or '}' or '$')) continue;
                    builder.Append('"').Append(asset).Append("\" ").Append(sha).Append(";\n");
                }
            }
            text = builder.ToString();
        }
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
        return true;
    }
}
