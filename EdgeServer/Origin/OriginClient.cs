using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Common;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Regions;
using Polly.Timeout;

namespace Orleans.Netflix.EdgeServer.Origin;

/// <summary>The origin did not answer within <see cref="EdgeOptions.OriginTimeout"/>.</summary>
public sealed class OriginTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// Pulls one published file from origin storage over HTTP with the trusted tier's origin credential; the HttpClient's
/// pipeline (<see cref="OriginFailover"/>) moves on to the next configured origin when one fails or times out. The body
/// is handed on as a stream, never held whole in memory: the cache writes it to disk as it arrives and stops reading at
/// the indexed size. An origin that announces more bytes than the index lists is refused before its body is read.
/// <see cref="EdgeOptions.OriginTimeout"/> bounds each origin's whole answer, body included, so a stalled origin ends
/// in a clear timeout, never a hung player.
/// </summary>
public sealed class OriginClient(HttpClient http, IOptions<EdgeOptions> options, RegionDirectory regions, TierKey tierKey)
{
    public IReadOnlyList<string> Origins { get; } = OriginsOf(options.Value, regions);

    /// <summary>The configured origins, or the region's default origin when none is.</summary>
    public static IReadOnlyList<string> OriginsOf(EdgeOptions options, RegionDirectory regions) =>
        options.OriginUrls.Count > 0 ? [.. options.OriginUrls] : [regions.Get(options.Region).DefaultOriginUrl];

    public async Task<Stream> FetchAsync(string assetPath, long expectedBytes, CancellationToken cancellationToken)
    {
        var pull = new OriginPull(Origins, assetPath, expectedBytes);
        using var request = new HttpRequestMessage(HttpMethod.Get, pull.CurrentUrl);
        request.Headers.Authorization = OriginCredentials.Header(tierKey);
        request.Options.Set(OriginFailover.PullKey, pull);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw new OriginTimeoutException(TimeoutMessage(pull.CurrentOrigin, assetPath));
        }

        // The body shares the timeout of the attempt that answered, counted from when that attempt began.
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            if (pull.Refusal(response) is { } refusal) throw new HttpRequestException(refusal, null, response.IsSuccessStatusCode ? null : response.StatusCode);
            var left = options.Value.OriginTimeout - Stopwatch.GetElapsedTime(pull.AttemptStarted);
            timeout.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var origin = pull.CurrentOrigin;
            return new OriginBody(body, response, timeout, () => new OriginTimeoutException(TimeoutMessage(origin, assetPath)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response.Dispose();
            timeout.Dispose();
            throw new OriginTimeoutException(TimeoutMessage(pull.CurrentOrigin, assetPath));
        }
        catch
        {
            response.Dispose();
            timeout.Dispose();
            throw;
        }
    }

    private string TimeoutMessage(string origin, string assetPath) =>
        $"origin {origin} gave no answer for {assetPath} within {options.Value.OriginTimeout.TotalSeconds:0.#} s";
}
