using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Web.Configuration;
using Orleans.Netflix.Web.Identity;
using Orleans.Netflix.Web.Playback;

namespace Orleans.Netflix.Web.Api;

/// <summary>
/// Press play and everything after it: start a session as the signed-in member (device <c>web</c>), the session's
/// multivariant playlist and its content steering manifest, heartbeats and the stop with its QoE summary. A session
/// answers only the member who started it; to anyone else it does not exist (404).
/// </summary>
public static class PlaybackApi
{
    /// <summary>How often the player asks the steering manifest again: the time a dead edge may stay first for a player that has not seen it fail.</summary>
    public const int SteeringTtlSeconds = 10;

    public static void MapPlaybackApi(this RouteGroupBuilder api)
    {
        api.MapPost("/play", async (PlayRequest request, HttpContext context, IGrainFactory grains, IOptions<WebOptions> options) =>
        {
            if (GrainKeys.Problem(request.TitleId) is { } problem) return ApiProblems.BadRequest($"titleId: {problem}");
            if (request.Audio is { } audio && GrainKeys.Problem(audio) is not null) return ApiProblems.BadRequest("audio is not a language tag");
            if (request.Subtitles is { } subtitles && GrainKeys.Problem(subtitles) is not null) return ApiProblems.BadRequest("subtitles is not a language tag or 'off'");
            var o = options.Value;
            var sessionId = $"s-{Guid.NewGuid():N}";
            var start = await grains.GetGrain<IPlaybackSessionGrain>(sessionId).StartPlayback(new PlaybackRequest(
                context.User.MemberId(), request.TitleId!, DeviceKind.Web, o.Region, o.ClientLocation, request.Audio, request.Subtitles));
            if (start.Refusal is { } refusal) return ApiProblems.Refused(refusal);
            var manifest = start.Manifest!;
            return Results.Created($"/api/sessions/{sessionId}", Describe(manifest));
        });

        api.MapGet("/sessions/{sessionId}", async (string sessionId, HttpContext context, IGrainFactory grains) =>
        {
            if (GrainKeys.Problem(sessionId) is not null) return SessionNotFound(sessionId);
            var view = await grains.GetGrain<IPlaybackSessionGrain>(sessionId).Get();
            if (view is null || view.MemberId != context.User.MemberId()) return SessionNotFound(sessionId);
            return Results.Ok(new
            {
                view.SessionId,
                view.TitleId,
                Status = view.Status.ToString(),
                view.StartedAt,
                view.LastHeartbeatAt,
                PositionSeconds = view.Position.TotalSeconds,
                LastEdge = view.LastHeartbeat?.EdgeId,
            });
        });

        api.MapGet("/sessions/{sessionId}/master.m3u8", async (string sessionId, HttpContext context, IGrainFactory grains, EdgeMasters masters) =>
        {
            var manifest = await ManifestAsync(grains, context, sessionId);
            if (manifest is null) return SessionNotFound(sessionId);
            var playlist = await masters.PlaylistAsync(manifest, SteeringPath(sessionId), context.RequestAborted);
            if (playlist is null)
                return Results.Problem(statusCode: 503, title: "No edge answered", detail: "None of the session's edges served its playlist; press play again.");
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(playlist, MediaContentTypes.Playlist);
        });

        // Asked by the player every TTL seconds (HLS Content Steering): the session's edges, those the registry still
        // counts live first, in steering's order.
        api.MapGet("/sessions/{sessionId}/steering", async (string sessionId, HttpContext context, IGrainFactory grains, IOptions<WebOptions> options) =>
        {
            var manifest = await ManifestAsync(grains, context, sessionId);
            if (manifest is null) return SessionNotFound(sessionId);
            var live = (await grains.GetGrain<IEdgeRegistryGrain>(options.Value.Region).Live()).Select(e => e.Report.EdgeId).ToHashSet(StringComparer.Ordinal);
            var order = manifest.Edges.OrderBy(e => live.Contains(e.EdgeId) ? 0 : 1).Select(e => HlsFilters.PathwayIdOf(e.EdgeId));
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Dictionary<string, object>
            {
                ["VERSION"] = 1,
                ["TTL"] = SteeringTtlSeconds,
                ["PATHWAY-PRIORITY"] = order.ToArray(),
            });
        });

        api.MapPost("/sessions/{sessionId}/heartbeat", async (string sessionId, HeartbeatRequest beat, HttpContext context, IGrainFactory grains) =>
        {
            if (!ApiProblems.IsFinite(beat.PositionSeconds) || beat.PositionSeconds < 0 || !ApiProblems.IsFinite(beat.BufferSeconds) || beat.BufferSeconds < 0
                || beat.BitrateKbps < 0 || beat.Rebuffers < 0)
                return ApiProblems.BadRequest("positionSeconds, bufferSeconds, bitrateKbps and rebuffers must be finite and not negative");
            var manifest = await ManifestAsync(grains, context, sessionId);
            if (manifest is null) return SessionNotFound(sessionId);
            var edge = manifest.Edges.FirstOrDefault(e => e.EdgeId == beat.EdgeId || HlsFilters.PathwayIdOf(e.EdgeId) == beat.EdgeId)?.EdgeId
                       ?? manifest.Edges.FirstOrDefault()?.EdgeId ?? "";
            try
            {
                var view = await grains.GetGrain<IPlaybackSessionGrain>(sessionId).Heartbeat(new PlaybackHeartbeat(
                    TimeSpan.FromSeconds(beat.PositionSeconds), beat.BitrateKbps, beat.BufferSeconds, beat.Rebuffers, edge));
                return Results.Ok(new { Status = view.Status.ToString(), PositionSeconds = view.Position.TotalSeconds });
            }
            catch (InvalidOperationException e)
            {
                return ApiProblems.Conflict(e.Message);
            }
        });

        // The player's stop comes as a JSON body or, when the page is being left, as navigator.sendBeacon's form.
        api.MapPost("/sessions/{sessionId}/stop", async (string sessionId, HttpContext context, IGrainFactory grains) =>
        {
            var stop = await ReadStopAsync(context);
            if (stop is null || !ApiProblems.IsFinite(stop.PositionSeconds) || stop.PositionSeconds < 0)
                return ApiProblems.BadRequest("a stop needs positionSeconds (finite, not negative) and optionally a qoe summary");
            var manifest = await ManifestAsync(grains, context, sessionId);
            if (manifest is null) return SessionNotFound(sessionId);
            var view = await grains.GetGrain<IPlaybackSessionGrain>(sessionId).StopPlayback(TimeSpan.FromSeconds(stop.PositionSeconds), ToQoe(stop.Qoe, manifest));
            return Results.Ok(new { Status = view.Status.ToString(), PositionSeconds = view.Position.TotalSeconds });
        });
    }

    public static string SteeringPath(string sessionId) => $"/api/sessions/{sessionId}/steering";

    private static object Describe(PlaybackManifest manifest) => new
    {
        manifest.SessionId,
        manifest.TitleId,
        Master = $"/api/sessions/{manifest.SessionId}/master.m3u8",
        Edges = EdgeMasters.PathwaysOf(manifest).Select(p => new
        {
            p.EdgeId,
            p.PathwayId,
            BaseUrl = new Uri(p.MasterUrl, ".").AbsoluteUri,
            // The trick-play thumbnails' WebVTT on this edge, under the same token as its master playlist; its sprite sheets resolve against it.
            TrickPlayUrl = manifest.TrickPlay is { } vtt ? new Uri(p.MasterUrl, vtt).AbsoluteUri : null,
        }),
        manifest.TrickPlay,
        Renditions = manifest.Renditions.Select(r => new { r.Name, r.Width, r.Height, r.VideoKbps }),
        manifest.AudioLanguage,
        manifest.SubtitleLanguage,
        StartPositionSeconds = manifest.StartPosition.TotalSeconds,
        HeartbeatEverySeconds = manifest.HeartbeatEvery.TotalSeconds,
        manifest.ExpiresAt,
    };

    private static async Task<PlaybackManifest?> ManifestAsync(IGrainFactory grains, HttpContext context, string sessionId) =>
        GrainKeys.Problem(sessionId) is not null ? null : await grains.GetGrain<IPlaybackSessionGrain>(sessionId).ManifestFor(context.User.MemberId());

    private static IResult SessionNotFound(string sessionId) => ApiProblems.NotFound($"session '{sessionId}' not found");

    private static async Task<StopRequest?> ReadStopAsync(HttpContext context)
    {
        try
        {
            if (context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                if (!double.TryParse(form["positionSeconds"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var position))
                    return null;
                var qoe = form["qoe"].ToString() is { Length: > 0 } json ? JsonSerializer.Deserialize<QoeReport>(json, JsonSerializerOptions.Web) : null;
                return new StopRequest(position, qoe);
            }
            return await context.Request.ReadFromJsonAsync<StopRequest>(context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The player's QoE report, bounded to what a real play can produce, with bytes keyed by the session's edge ids.</summary>
    private static QoeSummary? ToQoe(QoeReport? qoe, PlaybackManifest manifest)
    {
        if (qoe is null) return null;
        static double Clean(double v) => ApiProblems.IsFinite(v) && v > 0 ? v : 0;
        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in qoe.BytesPerEdge ?? [])
        {
            var edge = manifest.Edges.FirstOrDefault(e => e.EdgeId == key || HlsFilters.PathwayIdOf(e.EdgeId) == key);
            if (edge is not null && value > 0) bytes[edge.EdgeId] = bytes.GetValueOrDefault(edge.EdgeId) + value;
        }
        return new QoeSummary(Clean(qoe.StartupSeconds), Math.Max(0, qoe.Rebuffers), Clean(qoe.RebufferSeconds), Clean(qoe.PlayedSeconds),
            Clean(qoe.MeanBitrateKbps), Math.Max(0, qoe.Switches), bytes);
    }
}
