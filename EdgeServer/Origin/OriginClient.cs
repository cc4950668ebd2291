using Microsoft.Extensions.Options;
using Orleans.Netflix.Common;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.EdgeServer.Origin;

/// <summary>The origin did not answer within <see cref="EdgeOptions.OriginTimeout"/>.</summary>
public sealed class OriginTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// Pulls one published file from origin storage over HTTP, trying each configured origin in turn, with the trusted
/// tier's origin credential. The body is handed on as a stream, never held whole in memory: the cache writes it to
/// disk as it arrives and stops reading at the indexed size. An origin that announces more bytes than the index
/// lists is refused before its body is read. <see cref="EdgeOptions.OriginTimeout"/> bounds the whole pull, body
/// included, so a stalled origin ends in a clear timeout, never a hung player.
/// </summary>
public sealed class OriginClient(HttpClient http, IOptions<EdgeOptions> options, TierKey tierKey)
{
    public IReadOnlyList<string> Origins { get; } = options.Value.OriginUrls.Count > 0
        ? [.. options.Value.OriginUrls]
        : [RegionDirectory.Get(options.Value.Region).DefaultOriginUrl];

    public async Task<Stream> FetchAsync(string assetPath, long expectedBytes, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var origin in Origins)
        {
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.OriginTimeout);
            var url = new Uri(new Uri(origin.EndsWith('/') ? origin : origin + "/"), assetPath);
            HttpResponseMessage? response = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = OriginCredentials.Header(tierKey);
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                response.EnsureSuccessStatusCode();
                if (response.Content.Headers.ContentLength is { } announced && announced != expectedBytes)
                    throw new HttpRequestException($"origin {origin} announces {announced} bytes for {assetPath}, the index lists {expectedBytes}");
                var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                return new OriginBody(body, response, timeout, () => new OriginTimeoutException(TimeoutMessage(origin, assetPath)));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = new OriginTimeoutException(TimeoutMessage(origin, assetPath));
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
            response?.Dispose();
            timeout.Dispose();
        }
        throw last ?? new HttpRequestException("no origin configured");
    }

    private string TimeoutMessage(string origin, string assetPath) =>
        $"origin {origin} gave no answer for {assetPath} within {options.Value.OriginTimeout.TotalSeconds:0.#} s";
}
