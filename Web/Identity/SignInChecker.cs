using Microsoft.AspNetCore.Identity;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Web.Identity;

/// <summary>
/// Checks an email and password against the member's stored <see cref="PasswordHasher{TUser}"/> hash: the email
/// index names the member, the member grain holds the hash, and the hash is checked here, in the website tier, so
/// the silos never spend PBKDF2 time. Unknown emails cost a hash check too, so timing does not tell which emails exist.
/// A hash made with weaker settings than today's is replaced on a successful sign-in.
/// </summary>
public sealed class SignInChecker(IGrainFactory grains, FailedSignIns failures, ILogger<SignInChecker> logger)
{
    private static readonly PasswordHasher<string> Hasher = new();

    // A hash of a random password: what an unknown email is checked against, so it takes as long as a known one.
    private static readonly string DecoyHash = Hasher.HashPassword("", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    public abstract record Outcome;

    public sealed record SignedIn(string MemberId, string Name) : Outcome;

    public sealed record Refused : Outcome;

    public sealed record Limited(TimeSpan RetryAfter) : Outcome;

    public async Task<Outcome> CheckAsync(string? email, string? password, string? clientAddress)
    {
        email ??= "";
        password ??= "";
        string[] keys = [FailedSignIns.AccountKey(email), FailedSignIns.AddressKey(clientAddress)];
        if (failures.RetryAfter(keys) is { } wait) return new Limited(wait);

        string? normalized = null;
        try
        {
            normalized = MemberEmails.Normalize(email);
        }
        catch (ArgumentException)
        {
        }
        var memberId = normalized is null ? null : await grains.GetGrain<IMemberEmailGrain>(normalized).Owner();
        var member = memberId is null ? null : grains.GetGrain<IMemberGrain>(memberId);
        var stored = member is null ? null : await member.SignIn();
        // The index may still name a member who has since moved to another email: that email no longer signs them in.
        if (stored is not null && !string.Equals(stored.Email, normalized, StringComparison.Ordinal)) stored = null;
        var result = Hasher.VerifyHashedPassword(memberId ?? "", stored?.PasswordHash ?? DecoyHash, password);
        if (stored is null || member is null || result == PasswordVerificationResult.Failed)
        {
            failures.Record(keys);
            logger.LogInformation("sign-in refused from {Address}", clientAddress);
            return new Refused();
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await member.SetSignIn(stored with { PasswordHash = Hasher.HashPassword(memberId!, password) });
        var view = await member.Get();
        return new SignedIn(memberId!, view?.Profile.Name ?? memberId!);
    }
}
