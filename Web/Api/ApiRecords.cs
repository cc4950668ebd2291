namespace Orleans.Netflix.Web.Api;

/// <summary>What devices send to the API. Never a member id: the member is always the one the cookie names.</summary>
public sealed record SignInRequest(string? Email, string? Password);

public sealed record PlayRequest(string? TitleId, string? Audio = null, string? Subtitles = null);

public sealed record HeartbeatRequest(double PositionSeconds, int BitrateKbps, double BufferSeconds, int Rebuffers, string? EdgeId);

public sealed record QoeReport(
    double StartupSeconds,
    int Rebuffers,
    double RebufferSeconds,
    double PlayedSeconds,
    double MeanBitrateKbps,
    int Switches,
    Dictionary<string, long>? BytesPerEdge);

public sealed record StopRequest(double PositionSeconds, QoeReport? Qoe);
