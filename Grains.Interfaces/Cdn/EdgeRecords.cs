namespace Orleans.Netflix.Cdn;

public enum EdgeHealth
{
    Healthy,
    Degraded,
    Draining,
}

/// <summary>What an edge says of itself in every heartbeat.</summary>
[GenerateSerializer, Immutable, Alias("netflix.EdgeReport")]
public sealed record EdgeReport(
    [property: Id(0)] string EdgeId,
    [property: Id(1)] string Region,
    [property: Id(2)] string Location,
    [property: Id(3)] string BaseUrl,
    [property: Id(4)] EdgeHealth Health,
    [property: Id(5)] int ActiveSessions,
    [property: Id(6)] double EgressBitsPerSecond,
    [property: Id(7)] long CapacityBytes,
    [property: Id(8)] long FreeBytes,
    [property: Id(9)] string[] TitlesHeld);

/// <summary>An edge as the registry knows it: its last report and when it came.</summary>
[GenerateSerializer, Immutable, Alias("netflix.EdgeInfo")]
public sealed record EdgeInfo(
    [property: Id(0)] EdgeReport Report,
    [property: Id(1)] DateTimeOffset LastHeartbeat,
    [property: Id(2)] DateTimeOffset RegisteredAt);
