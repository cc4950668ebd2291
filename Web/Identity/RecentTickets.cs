using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Web.Identity;

/// <summary>
/// The sign-in cookie's ticket format with the tickets of recently seen cookies kept in memory: a device sends the same
/// cookie with every request, and opening it (data protection's AES and HMAC, then reading the ticket back) is the
/// website's largest fixed cost on a cached home screen. Only what the inner format accepted is kept, under the exact
/// protected text, for at most <see cref="KeepFor"/> and never past the ticket's own expiry; the cookie handler still
/// checks expiry and sliding renewal on every request, and each request gets its own copy of the ticket.
/// </summary>
public sealed class RecentTickets(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    /// <summary>How long an opened cookie is trusted without opening it again (a revoked data protection key takes this long to bite).</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    /// <summary>Distinct cookies kept at most; beyond it the cache evicts.</summary>
    public const int MaxKept = 100_000;

    private readonly MemoryCache _opened = new(new MemoryCacheOptions { SizeLimit = MaxKept, Clock = null });

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText)) return inner.Unprotect(protectedText, purpose);
        var key = (protectedText, purpose);
        if (_opened.TryGetValue(key, out AuthenticationTicket? kept) && kept is not null) return Copy(kept);

        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is null) return null; // forged, tampered or from another key ring: never kept, opened (and refused) each time
        var now = clock.GetUtcNow();
        var until = now + KeepFor;
        if (ticket.Properties.ExpiresUtc is { } expires && expires < until) until = expires;
        if (until > now) _opened.Set(key, ticket, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        return Copy(ticket);
    }

    /// <summary>The handler may replace or renew what it is given; no request sees another's changes.</summary>
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    public void Dispose() => _opened.Dispose();
}

/// <summary>Wraps the cookie scheme's ticket format (set by ASP.NET Core's own post-configuration, which runs first) in <see cref="RecentTickets"/>.</summary>
public sealed class RecentTicketsSetup(TimeProvider clock) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name != CookieAuthenticationDefaults.AuthenticationScheme || options.TicketDataFormat is RecentTickets or null) return;
        options.TicketDataFormat = new RecentTickets(options.TicketDataFormat, clock);
    }
}
