namespace Orleans.Netflix.EdgeServer.Serving;

/// <summary>
/// Parses a request target <c>/v1/{token}/{asset path}</c> from the raw target as the client sent it
/// (before ASP.NET Core decodes or normalizes it), by allow-list: letters, digits and <c>. _ - ~ /</c>
/// only, no empty, <c>.</c> or <c>..</c> segments. So every encoding trick (<c>%2e%2e</c>, double
/// encoding, backslashes, absolute or doubled slashes) is refused before any file name is formed; and the
/// asset path is then only ever looked up in the title's index, never joined onto a folder.
/// </summary>
public static class EdgePath
{
    public const string Prefix = "/v1/";
    public const int MaxAssetPathLength = 512;

    public static bool TryParse(string rawTarget, out string token, out string assetPath)
    {
        token = assetPath = "";
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return false;
        token = rest[..slash];
        assetPath = rest[(slash + 1)..];
        if (assetPath.Length == 0 || assetPath.Length > MaxAssetPathLength) return false;
        if (!assetPath.All(IsAllowed) || !token.All(IsAllowed) || token.Contains('/')) return false;
        return assetPath.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '~' or '/';
}
