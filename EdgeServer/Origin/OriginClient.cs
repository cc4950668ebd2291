using Microsoft.Extensions.Options;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.EdgeServer.Origin;

/// <summary>The origin did not answer within <see cref="EdgeOptions.OriginTimeout"/>.</summary>
public sealed class OriginTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// Pulls one published file from origin storage over HTTP, trying each configured origin in turn.
/// The body is read whole within the timeout (segments are a few MB), so a stalled origin ends in a
/// clear timeout, never a hung player; the cache then checks the bytes against the index's SHA-256.
/// </summary>
public sealed class OriginClient(HttpClient http, IOptions<EdgeOptions> options)
{
    public IReadOnlyList<string> Origins { get; } = options.Value.OriginUrls.Count > 0
        ? [.. options.Value.OriginUrls]
        : [RegionDirectory.Get(options.Value.Region).DefaultOriginUrl];

    public async Task<Stream> FetchAsync(string assetPath, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var origin in Origins)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.OriginTimeout);
            var url = new Uri(new Uri(origin.EndsWith('/') ? origin : origin + "/"), assetPath);
            try
            {
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                response.EnsureSuccessStatusCode();
                return new MemoryStream(await response.Content.ReadAsByteArrayAsync(timeout.Token), writable: false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = new OriginTimeoutException($"origin {origin} gave no answer for {assetPath} within {options.Value.OriginTimeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
        }
        throw last ?? new HttpRequestException("no origin configured");
    }
}
