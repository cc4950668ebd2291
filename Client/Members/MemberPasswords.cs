using Microsoft.AspNetCore.Identity;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Client.Members;

/// <summary>
/// Passwords become PasswordHasher hashes here, on the client, before anything is sent: the cluster only ever sees
/// the hash (PBKDF2-HMAC-SHA512, 100,000 iterations, a fresh salt per hash), the same format the website verifies.
/// </summary>
public static class MemberPasswords
{
    public const int MaxLength = 1024;

    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Throws <see cref="ArgumentException"/> (never repeating the password) when it is too short or too long.</summary>
    public static void Check(string password)
    {
        if (password.Length < MemberEmails.MinPasswordLength)
            throw new ArgumentException($"password must be at least {MemberEmails.MinPasswordLength} characters");
        if (password.Length > MaxLength) throw new ArgumentException($"password must be at most {MaxLength} characters");
    }

    public static string Hash(string memberId, string password)
    {
        Check(password);
        return Hasher.HashPassword(memberId, password);
    }

    public static bool Verifies(string memberId, string hash, string password) =>
        Hasher.VerifyHashedPassword(memberId, hash, password) != PasswordVerificationResult.Failed;
}
