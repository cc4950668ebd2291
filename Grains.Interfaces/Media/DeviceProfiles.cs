using Orleans.Netflix.Members;

namespace Orleans.Netflix.Media;

/// <summary>
/// Which renditions a playback may get: the member's plan cap, which is an entitlement (nothing above it,
/// and nothing at all when the title has no rendition within it), then the device's ceiling, which is a
/// preference (a phone screen gains nothing above 720p, but a phone still plays a title whose smallest
/// rendition is taller).
/// </summary>
public static class DeviceProfiles
{
    public static int MaxHeight(DeviceKind device) => device switch
    {
        DeviceKind.Tv => 2160,
        DeviceKind.Web => 1080,
        DeviceKind.Tablet => 1080,
        DeviceKind.Phone => 720,
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "unknown device kind"),
    };

    /// <summary>Tallest first; empty when the plan covers none of the ladder.</summary>
    public static Rendition[] Allowed(IEnumerable<Rendition> ladder, DeviceKind device, PlanCaps plan)
    {
        var entitled = ladder.Where(r => r.Height <= plan.MaxVideoHeight).OrderByDescending(r => r.Height).ToArray();
        if (entitled.Length == 0) return [];
        var suited = entitled.Where(r => r.Height <= MaxHeight(device)).ToArray();
        return suited.Length > 0 ? suited : [entitled[^1]];
    }
}
