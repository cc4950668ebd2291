namespace Orleans.Netflix.Members;

public enum PlanTier
{
    Basic,
    Standard,
    Premium,
}

/// <summary>What a plan entitles a member to: the tallest rendition and how many streams at once.</summary>
[GenerateSerializer, Immutable, Alias("netflix.PlanCaps")]
public sealed record PlanCaps([property: Id(0)] int MaxVideoHeight, [property: Id(1)] int ConcurrentStreams);

public static class Plans
{
    public static PlanCaps CapsOf(PlanTier tier) => tier switch
    {
        PlanTier.Basic => new PlanCaps(MaxVideoHeight: 720, ConcurrentStreams: 1),
        PlanTier.Standard => new PlanCaps(MaxVideoHeight: 1080, ConcurrentStreams: 2),
        PlanTier.Premium => new PlanCaps(MaxVideoHeight: 2160, ConcurrentStreams: 4),
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown plan"),
    };
}
