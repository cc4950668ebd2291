using System.Net;
using System.Security.Cryptography;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Checks, before anything is timed, that a server answers every file with 200 and exactly the bytes
/// the grain index lists (length and SHA-256), so both servers are timed serving the same, correct
/// content; for the edge it can also require <c>X-Cache: HIT</c>, so the timed runs measure cached
/// serving and not origin pulls.
/// </summary>
public static class ServedContent
{
    public static async Task CheckAsync(HttpClient http, string server, string urlPrefix, IReadOnlyList<AssetFile> files, string? expectedCache,
        CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            using var response = await http.GetAsync(urlPrefix + file.Path, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{server} answered {(int)response.StatusCode} for {file.Path}");
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(body));
            if (body.Length != file.Bytes || sha256 != file.Sha256)
                throw new InvalidOperationException($"{server} sent {body.Length} bytes with SHA-256 {sha256} for {file.Path}; the index lists {file.Bytes} with {file.Sha256}");
            var cache = response.Headers.TryGetValues("X-Cache", out var values) ? string.Join(",", values) : null;
            if (expectedCache is not null && cache != expectedCache)
                throw new InvalidOperationException($"{server} answered {file.Path} with X-Cache: {cache ?? "(none)"}, not {expectedCache}");
        }
    }

    /// <summary>
    /// For an edge on the nginx data plane: waits (up to 30 s) until nginx itself sends every file (<c>X-Served-By: nginx</c>,
    /// <c>X-Cache: HIT</c>, the right bytes), i.e. the objects are verified and their paths are in nginx's map.
    /// </summary>
    public static async Task CheckServedByNginxAsync(HttpClient http, string server, string urlPrefix, IReadOnlyList<AssetFile> files, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var file in files)
        {
            while (true)
            {
                await CheckAsync(http, server, urlPrefix, [file], expectedCache: "HIT", cancellationToken);
                using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, urlPrefix + file.Path), cancellationToken);
                if (response.Headers.TryGetValues("X-Served-By", out var by) && by.Contains("nginx")) break;
                if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"{server}: nginx does not serve {file.Path} itself after 30 s");
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
