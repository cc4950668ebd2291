using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.EdgeServer.Observability;
using Orleans.Netflix.EdgeServer.Origin;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;

namespace Orleans.Netflix.EdgeServer.Serving;

/// <summary>
/// Serves <c>GET|HEAD /v1/{token}/{asset path}</c>: path allow-list (400), token signature, expiry and
/// path prefix (403, no detail), the title's index (404 for an unknown title or file), then the object
/// from the cache or, on a miss, from origin (verified against the index's SHA-256; 502 when origin
/// fails or sends wrong bytes, 504 when it times out). A token capped at a video height gets 403 for
/// files of taller renditions and a master playlist without them. Range, ETag/If-None-Match and HEAD come from
/// ASP.NET Core's file result; playlists need no rewriting because every URL in them is relative and
/// so resolves under the same token.
/// </summary>
public sealed class EdgeEndpoint(
    ContentCache cache,
    AssetIndex index,
    OriginClient origin,
    EdgeMetrics metrics,
    SigningKeyRing keys,
    IOptions<EdgeOptions> options,
    TimeProvider clock,
    ILogger<EdgeEndpoint> logger)
{
    /// <summary>How long a player is asked to wait before trying this edge again when its cache disk failed.</summary>
    public const int RetryAfterSeconds = 10;

    public async Task<IResult> ServeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (!EdgePath.TryParse(raw, out var token, out var assetPath)) return Status(StatusCodes.Status400BadRequest);

        var (verdict, claims) = PlaybackToken.Verify(token, keys.Keys, clock.GetUtcNow(), options.Value.MaxTokenLifetime);
        if (verdict != TokenVerdict.Valid || claims is null || !assetPath.StartsWith(claims.PathPrefix, StringComparison.Ordinal))
            return Status(StatusCodes.Status403Forbidden);

        TitleIndex? title;
        try
        {
            title = await index.GetAsync(claims.TitleId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Index lookup for {Title} failed: {Error}", claims.TitleId, e.Message);
            return Status(StatusCodes.Status503ServiceUnavailable);
        }
        if (title is null || !title.Files.TryGetValue(assetPath, out var file)) return Status(StatusCodes.Status404NotFound);
        if (claims.MaxVideoHeight > 0 && title.IsTallerThan(assetPath, claims.MaxVideoHeight)) return Status(StatusCodes.Status403Forbidden);

        var key = CacheKey.Create(file.Sha256, file.Bytes);
        var cappedMaster = claims.MaxVideoHeight > 0 && assetPath == title.MasterPlaylist;
        if (HttpMethods.IsHead(context.Request.Method) && !cappedMaster && !cache.Contains(key))
            return HeadOfMiss(context, claims, file, assetPath);

        CachedObject cached;
        var started = Stopwatch.GetTimestamp();
        try
        {
            cached = await cache.GetOrFetchAsync(key, ct => origin.FetchAsync(assetPath, file.Bytes, ct), context.RequestAborted);
        }
        catch (CacheDiskException e)
        {
            logger.LogError("Cannot store {Path}: {Error}", assetPath, e.Message);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Status(StatusCodes.Status503ServiceUnavailable);
        }
        catch (OriginTimeoutException e)
        {
            logger.LogWarning("{Error}", e.Message);
            return Status(StatusCodes.Status504GatewayTimeout);
        }
        catch (Exception e) when (e is HttpRequestException or CorruptObjectException or IOException) // IOException: origin's body broke off
        {
            logger.LogWarning("Origin pull of {Path} failed: {Error}", assetPath, e.Message);
            return Status(StatusCodes.Status502BadGateway);
        }
        if (!cached.FromCache) metrics.OriginPull(Stopwatch.GetElapsedTime(started));
        Activity.Current?.SetTag("netflix.cache", cached.FromCache ? "HIT" : "MISS"); // on the request's span, when it is traced
        context.Items[ServedObject.ItemKey] = new ServedObject(cached.FromCache, claims.SessionId);
        context.Response.RegisterForDisposeAsync(cached);

        SetCacheHeaders(context, claims, cached.FromCache);
        if (cappedMaster)
        {
            using var reader = new StreamReader(cached.OpenedStream);
            var filtered = HlsFilters.WithoutTallerThan(await reader.ReadToEndAsync(context.RequestAborted), claims.MaxVideoHeight);
            var bytes = System.Text.Encoding.UTF8.GetBytes(filtered);
            var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            return Results.Bytes(bytes, MediaContentTypes.For(assetPath), entityTag: new EntityTagHeaderValue($"\"{tag}\""), enableRangeProcessing: true);
        }
        return Results.Stream(cached.OpenedStream, MediaContentTypes.For(assetPath), entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""), enableRangeProcessing: true);
    }

    /// <summary>
    /// A HEAD for an object this edge does not hold: the index knows its size and hash, so the headers are answered from
    /// there and nothing is pulled from origin (a HEAD flood cannot fill the cache or load origin).
    /// </summary>
    private IResult HeadOfMiss(HttpContext context, TokenClaims claims, Orleans.Netflix.Media.AssetFile file, string assetPath)
    {
        SetCacheHeaders(context, claims, fromCache: false);
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.Headers.ETag = $"\"{file.Sha256}\"";
        context.Response.ContentType = MediaContentTypes.For(assetPath);
        context.Response.ContentLength = file.Bytes;
        return Results.Empty;
    }

    private void SetCacheHeaders(HttpContext context, TokenClaims claims, bool fromCache)
    {
        var maxAge = (long)Math.Clamp((claims.ExpiresAt - clock.GetUtcNow()).TotalSeconds, 0, 86_400);
        context.Response.Headers.CacheControl = $"private, max-age={maxAge}, immutable";
        context.Response.Headers["X-Cache"] = fromCache ? "HIT" : "MISS";
    }

    private static IResult Status(int status) => Results.StatusCode(status);
}
