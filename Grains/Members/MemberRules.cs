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

    /// <summary>Longest password hash accepted; a PasswordHasher v3 hash is 84 base64 characters.</summary>
    public const int MaxPasswordHashLength = 1024;
    public const int MinPasswordHashLength = 16;

    /// <summary>
    /// The sign-in with its email normalized (<see cref="MemberEmails.Normalize"/>). The hash is checked loosely: base64 of
    /// a sane length, as PasswordHasher writes it. Messages never repeat the email or the hash.
    /// </summary>
    public static MemberSignIn Check(MemberSignIn signIn)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        var email = MemberEmails.Normalize(signIn.Email);
        var hash = signIn.PasswordHash;
        if (hash is null || hash.Length < MinPasswordHashLength || hash.Length > MaxPasswordHashLength || !IsBase64(hash))
            throw new ArgumentException(
                $"password hash must be base64 of {MinPasswordHashLength} to {MaxPasswordHashLength} characters, as PasswordHasher writes it (never the password itself)",
                nameof(signIn));
        return new MemberSignIn(email, hash);
    }

    private static bool IsBase64(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out _);
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
