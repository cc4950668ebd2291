using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>The player moved to another edge: when (media position), from where, to where, and why.</summary>
public sealed record EdgeSwitch(TimeSpan Position, string From, string To, string Reason);

/// <summary>What the player saw, for the QoE summary and the session.</summary>
public sealed record PlayResult(QoeSummary Qoe, TimeSpan StartPosition, TimeSpan EndPosition, int Segments, IReadOnlyList<EdgeSwitch> EdgeSwitches, bool Finished)
{
    /// <summary>The height of the rendition the ABR rule picked for each segment played, in order.</summary>
    public IReadOnlyList<int> Renditions { get; init; } = [];
}

/// <summary>Every steered edge failed for one file.</summary>
public sealed class PlaybackFailedException(string message, Exception? inner = null) : Exception(message, inner);
