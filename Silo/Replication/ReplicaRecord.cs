namespace Orleans.Netflix.Silo.Replication;

/// <summary>One version of one replicated grain state, as stored in every region and shipped between them.</summary>
/// <param name="Payload">The state as JSON; null when the state was cleared.</param>
/// <param name="WrittenAt">When the writing region committed it; replication lag is measured from here.</param>
public sealed record ReplicaRecord(string StateName, string GrainId, ReplicaVersion Version, string? Payload, DateTimeOffset WrittenAt);

/// <summary>A copy still owed to <paramref name="TargetRegion"/>.</summary>
public sealed record OutboxEntry(long Id, string TargetRegion, ReplicaRecord Record);
