namespace Orleans.Netflix.Client.Regions;

/// <summary>A client moving from one region to another: why, when the reason was seen and when it was served by the new one.</summary>
public sealed record RegionMove(string? From, string To, string Reason, DateTimeOffset DetectedAt, DateTimeOffset MovedAt);
