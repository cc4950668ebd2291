using System.Text.RegularExpressions;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Members;

/// <summary>What a member grain accepts; anything else is an <see cref="ArgumentException"/> naming the field.</summary>
public static class MemberRules
{
    public const int MaxNameLength = 100;
    public const int MaxDevices = 10;
    /// <summary>Viewing history keeps the newest entries; older ones roll off.</summary>
    public const int MaxHistory = 1000;

    public static void Check(MemberProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (string.IsNullOrWhiteSpace(profile.Name) || profile.Name.Length > MaxNameLength || profile.Name.Any(char.IsControl))
            throw new ArgumentException($"name must be 1 to {MaxNameLength} printable characters", nameof(profile));
        if (profile.Country is not { Length: 2 } || !profile.Country.All(char.IsAsciiLetterUpper))
            throw new ArgumentException("country must be an ISO 3166 alpha-2 code such as \"US\"", nameof(profile));
        if (!IsLanguageTag(profile.Language))
            throw new ArgumentException("language must be a BCP 47 tag such as \"en\" or \"pt-BR\"", nameof(profile));
        if (!Enum.IsDefined(profile.MaturityLimit))
            throw new ArgumentException("unknown maturity limit", nameof(profile));
    }

    public static void Check(PlanTier plan)
    {
        if (!Enum.IsDefined(plan)) throw new ArgumentException($"unknown plan {(int)plan}", nameof(plan));
    }

    public static void Check(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        GrainKeys.Validate(device.DeviceId, "device");
        if (!Enum.IsDefined(device.Kind)) throw new ArgumentException("unknown device kind", nameof(device));
        if (string.IsNullOrWhiteSpace(device.Name) || device.Name.Length > MaxNameLength)
            throw new ArgumentException($"device name must be 1 to {MaxNameLength} characters", nameof(device));
    }

    public static void CheckPosition(TimeSpan position)
    {
        if (position < TimeSpan.Zero || position > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(position), position, "position must be between 0 and 24 h");
    }

    /// <summary>Language, optional script, optional region: "en", "pt-BR", "zh-Hant-TW", "es-419".</summary>
    private static readonly Regex LanguageTag = new("^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?$", RegexOptions.CultureInvariant);

    private static bool IsLanguageTag(string? tag) => tag is not null && LanguageTag.IsMatch(tag);
}
