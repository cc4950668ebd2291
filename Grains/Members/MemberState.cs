using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Members;

[GenerateSerializer, Alias("netflix.MemberState")]
public sealed class MemberState
{
    /// <summary>Null until the member registers: an unregistered member does not exist.</summary>
    [Id(0)] public MemberProfile? Profile { get; set; }
    [Id(1)] public PlanTier Plan { get; set; }
    [Id(2)] public List<Device> Devices { get; set; } = [];
    [Id(3)] public List<ViewingEvent> History { get; set; } = [];
    [Id(4)] public Dictionary<string, ResumePoint> ResumePoints { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public Dictionary<string, TitleRating> Ratings { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public long Version { get; set; }
    /// <summary>Email (normalized) and PasswordHasher hash; null until set. Never a clear password.</summary>
    [Id(7)] public MemberSignIn? SignIn { get; set; }
}
