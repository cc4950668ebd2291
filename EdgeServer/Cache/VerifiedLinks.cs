using Microsoft.Extensions.Logging;

namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// A flat folder of symbolic links <c>&lt;sha256&gt; → the object's file</c>, holding exactly the objects whose bytes
/// were verified: what the nginx data plane serves from. Each link is made under a temporary name and renamed into
/// place, so nginx sees a whole link or none. Called under the cache's lock; failures are logged (nginx then hands
/// the request to EdgeServer, which serves it itself).
/// </summary>
internal sealed class VerifiedLinks(string root, ILogger logger)
{
    private readonly string _root = Path.GetFullPath(root);

    public void Clear()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true); // removes the links, never their targets
        Directory.CreateDirectory(_root);
    }

    public void Show(CacheKey key, string objectPath)
    {
        var link = Path.Combine(_root, key.Sha256);
        var temporary = $"{link}.{Guid.NewGuid():N}.link";
        try
        {
            File.CreateSymbolicLink(temporary, objectPath);
            File.Move(temporary, link, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ObjectFiles.TryDelete(temporary);
            logger.LogWarning("Could not link verified object {Sha256} for nginx: {Error}", key.Sha256, e.Message);
        }
    }

    public void Hide(CacheKey key) => ObjectFiles.TryDelete(Path.Combine(_root, key.Sha256));
}
