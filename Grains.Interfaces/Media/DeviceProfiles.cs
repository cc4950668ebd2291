using Orleans.Netflix.Members;

namespace Orleans.Netflix.Media;

/// <summary>
/// Which renditions a playback may get: the device's ceiling (a phone screen gains nothing above 720p)
/// and the member's plan cap, whichever is lower. The lowest rendition is always allowed, so every
/// device on every plan can play.
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

    public static Rendition[] Allowed(IEnumerable<Rendition> ladder, DeviceKind device, PlanCaps plan)
    {
        var all = ladder.OrderByDescending(r => r.Height).ToArray();
        if (all.Length == 0) return [];
        var ceiling = Math.Min(MaxHeight(device), plan.MaxVideoHeight);
        var allowed = all.Where(r => r.Height <= ceiling).ToArray();
        return allowed.Length > 0 ? allowed : [all[^1]];
    }
}
