using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Web.Configuration;

namespace Orleans.Netflix.Web.Identity;

/// <summary>
/// Counts failed sign-ins per account and per client address in fixed one-minute windows
/// (System.Threading.RateLimiting, the limiter ASP.NET Core's rate limiting middleware is built on). Only failures
/// spend permits, so a member who types the right password is never slowed by their own successes; once either
/// key has spent its permits, sign-in is refused with the time until its window opens again.
/// </summary>
public sealed class FailedSignIns : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedSignIns(IOptions<WebOptions> options)
    {
        var permits = options.Value.SignInFailuresPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public static string AccountKey(string email) => "account:" + email.Trim().ToLowerInvariant();

    public static string AddressKey(string? address) => "address:" + (address ?? "unknown");

    /// <summary>Null while every key may still fail; otherwise how long until the first one that may not is allowed again.</summary>
    public TimeSpan? RetryAfter(params string[] keys)
    {
        foreach (var key in keys)
        {
            // Asking for zero permits reports whether any are left without spending one.
            using var lease = _limiter.AttemptAcquire(key, 0);
            if (!lease.IsAcquired) return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        }
        return null;
    }

    public void Record(params string[] keys)
    {
        foreach (var key in keys) _limiter.AttemptAcquire(key).Dispose();
    }

    public void Dispose() => _limiter.Dispose();
}
