using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Grains.Playback;

[GenerateSerializer, Alias("netflix.PlaybackSessionState")]
public sealed class PlaybackSessionState
{
    /// <summary>Null until the session starts.</summary>
    [Id(0)] public PlaybackRequest? Request { get; set; }
    [Id(1)] public PlaybackManifest? Manifest { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public DateTimeOffset LastHeartbeatAt { get; set; }
    [Id(4)] public TimeSpan Position { get; set; }
    [Id(5)] public PlaybackHeartbeat? LastHeartbeat { get; set; }
    [Id(6)] public bool Stopped { get; set; }
    [Id(7)] public QoeSummary? Qoe { get; set; }

    /// <summary>The region that served the session's last start or heartbeat: another one means the client moved.</summary>
    [Id(8)] public string? ServedIn { get; set; }
}
