using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Members;
using Orleans.Storage;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// The replicated states whose copies are merged rather than replaced, by state name: a copy from another region is
/// merged into the row it arrives at, and a write over a row that moved on merges with it, so concurrent writes in two
/// regions both survive. States without a merge (titles, holdings, shards, sessions, marks) keep whole-state
/// last-writer-wins by version.
/// </summary>
public sealed class ReplicaMerges
{
    private readonly Dictionary<string, Func<string, string, MergedPayload>> _byState = new(StringComparer.Ordinal);

    public static readonly ReplicaMerges None = new();

    /// <summary>The merges this silo uses: member data (<see cref="MemberStateMerge"/>).</summary>
    public static ReplicaMerges For(IGrainStorageSerializer serializer) =>
        new ReplicaMerges().Add<MemberState>(StorageNames.MemberState, serializer, MemberStateMerge.Merge);

    public ReplicaMerges Add<T>(string stateName, IGrainStorageSerializer serializer, Func<T, T, T> merge)
    {
        _byState[stateName] = (stored, incoming) =>
        {
            var a = Read<T>(serializer, stored);
            var b = Read<T>(serializer, incoming);
            var merged = Write(serializer, merge(a, b));
            // Compared in the merge's own order (a state merged with itself), since stored JSON comes back from jsonb reordered.
            return new MergedPayload(merged, merged != Write(serializer, merge(a, a)), merged == Write(serializer, merge(b, b)));
        };
        return this;
    }

    public bool TryGet(string stateName, out Func<string, string, MergedPayload> merge) => _byState.TryGetValue(stateName, out merge!);

    private static T Read<T>(IGrainStorageSerializer serializer, string payload) =>
        serializer.Deserialize<T>(BinaryData.FromString(payload)) ?? throw new FormatException("a replicated state read as null");

    private static string Write<T>(IGrainStorageSerializer serializer, T state) => serializer.Serialize(state).ToString();
}

/// <summary>A merged state, whether it differs from the stored one, and whether it equals the incoming one.</summary>
public readonly record struct MergedPayload(string Payload, bool ChangesStored, bool EqualsIncoming);
