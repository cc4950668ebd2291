using Orleans.Netflix.Common;

namespace Orleans.Netflix.Members;

/// <summary>The member's sign-in: email (normalized) and a PasswordHasher hash, never the password.</summary>
[GenerateSerializer, Immutable, Alias("netflix.MemberSignIn")]
public sealed record MemberSignIn([property: Id(0)] string Email, [property: Id(1)] string PasswordHash);

/// <summary>
/// The email index, one grain per normalized email (<see cref="MemberEmails.Normalize"/>): which member holds it.
/// Member grains claim and release their email here when it changes (<see cref="IMemberGrain.SetSignIn"/>), so no
/// two members hold the same one. Signing in looks the owner up here, then checks the member's own
/// <see cref="IMemberGrain.SignIn"/> (its email must be this one) before verifying the password.
/// </summary>
[Alias("netflix.IMemberEmailGrain")]
public interface IMemberEmailGrain : INetflixGrain
{
    /// <summary>The member id holding this email, or null.</summary>
    [Alias("Owner"), Orleans.Concurrency.ReadOnly]
    Task<string?> Owner();

    /// <summary>
    /// Makes <paramref name="memberId"/> the holder; does nothing when it already is. Throws <see cref="EmailTakenException"/>
    /// when another member holds it (a holder whose own sign-in no longer names this email has let it go: the claim passes).
    /// </summary>
    [Alias("Claim"), TrustedTierOnly]
    Task Claim(string memberId);

    /// <summary>Lets the email go, only if <paramref name="memberId"/> holds it.</summary>
    [Alias("Release"), TrustedTierOnly]
    Task Release(string memberId);
}

/// <summary>Another member already holds the email; nothing was changed.</summary>
[GenerateSerializer, Alias("netflix.EmailTakenException")]
public sealed class EmailTakenException : Exception
{
    // The message names neither the email nor who holds it: exceptions end up in logs, and the caller knows its own input.
    public EmailTakenException() : base("that email is already in use by another member")
    {
    }
}

public static class MemberEmails
{
    /// <summary>
    /// The longest email accepted: the normalized email is the <see cref="IMemberEmailGrain"/>'s key, and grain keys are at
    /// most <see cref="GrainKeys.MaxLength"/> characters (RFC 5321 would allow 254).
    /// </summary>
    public const int MaxLength = GrainKeys.MaxLength;

    /// <summary>The shortest password a member may set.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The documented demo password every seeded member gets (see the README's Client section).</summary>
    public const string DemoPassword = "netflix-demo";

    /// <summary>
    /// Trimmed, lower-case (invariant). Throws <see cref="ArgumentException"/> saying what is wrong when it is not an address:
    /// exactly one '@', a non-empty local part, a domain with a dot (not first or last), no spaces or control characters,
    /// at most <see cref="MaxLength"/> characters. The message never repeats the email.
    /// </summary>
    public static string Normalize(string email)
    {
        var problem = Problem(email, out var normalized);
        return problem is null ? normalized : throw new ArgumentException($"invalid email: {problem}", nameof(email));
    }

    /// <summary>Null when <paramref name="email"/> is an acceptable address (then <paramref name="normalized"/> holds it), else why not.</summary>
    public static string? Problem(string? email, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(email)) return "it is empty";
        var trimmed = email.Trim().ToLowerInvariant();
        if (trimmed.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        if (trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return "it contains spaces or control characters";
        var at = trimmed.IndexOf('@');
        if (at < 0 || at != trimmed.LastIndexOf('@')) return "it must contain exactly one '@'";
        if (at == 0) return "nothing before the '@'";
        var domain = trimmed[(at + 1)..];
        if (domain.Length == 0) return "no domain after the '@'";
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains(".."))
            return "the domain must have a dot between its parts, such as example.com";
        normalized = trimmed;
        return null;
    }

    /// <summary>The email a seeded member gets: <c>{memberId}@example.com</c> (example.com is reserved for examples), normalized.</summary>
    public static string SeededEmail(string memberId) => Normalize($"{memberId}@example.com");
}
