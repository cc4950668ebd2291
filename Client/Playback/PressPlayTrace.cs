using System.Diagnostics;
using Orleans.Netflix.Hosting;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// One press play as one trace (docs/observability.md): the root span "press play" covers starting the session (the
/// StartPlayback call and, through Orleans' activity propagation, the session grain and the member, lease and steering
/// grains it calls) up to the first segment in hand. The player's first requests (playlists and the first segment) run
/// under a "first segment" span of it (<see cref="PlayerOptions.PressPlay"/>), and send it as their W3C traceparent, so the
/// edge's handling of them joins the trace. The rest of the play (later segments, heartbeats) stays out of it.
/// With no listener (tracing off) no span is created and every member here does nothing.
/// </summary>
public sealed class PressPlayTrace : IDisposable
{
    public const string RootName = "press play";
    public const string FirstSegmentName = "first segment";

    private readonly Activity? _root;

    private PressPlayTrace(Activity? root) => _root = root;

    /// <summary>Starts the root span; the calls made from here on, until <see cref="Leave"/>, are in it.</summary>
    public static PressPlayTrace Start(string titleId, string memberId)
    {
        var root = NetflixTracing.Source.StartActivity(RootName, ActivityKind.Client);
        root?.SetTag("netflix.title", titleId);
        root?.SetTag("netflix.member", memberId);
        return new PressPlayTrace(root);
    }

    /// <summary>The root's context, for the player's first segment; default (no span) when not traced.</summary>
    public ActivityContext Context => _root?.Context ?? default;

    /// <summary>Steps out of the root: what this flow does next (the play itself, heartbeats) is not part of the trace.</summary>
    public void Leave()
    {
        if (_root is not null && Activity.Current == _root) Activity.Current = _root.Parent;
    }

    /// <summary>Ends the root (once the first segment is in, or the play ended before that); later calls do nothing.</summary>
    public void End()
    {
        if (_root is { IsStopped: false }) _root.Stop();
    }

    public void Dispose() => End();
}
