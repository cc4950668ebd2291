using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Tests.Web;

/// <summary>The sign-in cookie opened once and kept briefly; refused cookies never kept; nothing kept past the ticket's expiry.</summary>
public sealed class RecentTicketsTests
{
    /// <summary>A ticket format that opens only the texts it issued and counts how often it was asked.</summary>
    private sealed class CountingFormat : ISecureDataFormat<AuthenticationTicket>
    {
        private readonly Dictionary<string, AuthenticationTicket> _issued = [];

        public int Opened { get; private set; }

        public string Protect(AuthenticationTicket data) => Protect(data, null);

        public string Protect(AuthenticationTicket data, string? purpose)
        {
            var text = $"cookie-{_issued.Count}";
            _issued[text] = data;
            return text;
        }

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Opened++;
            return protectedText is not null && _issued.TryGetValue(protectedText, out var ticket) ? ticket : null;
        }
    }

    private static AuthenticationTicket Ticket(string memberId, DateTimeOffset expires) =>
        new(MemberPrincipal.Create(memberId, "Ada"), new AuthenticationProperties { ExpiresUtc = expires }, CookieAuthenticationDefaults.AuthenticationScheme);

    [Fact]
    public void ACookieSentAgain_IsOpenedOnce_AndEachRequestGetsItsOwnCopy()
    {
        var inner = new CountingFormat();
        using var tickets = new RecentTickets(inner, TimeProvider.System);
        var cookie = tickets.Protect(Ticket("m-1", DateTimeOffset.UtcNow.AddDays(1)));

        var first = tickets.Unprotect(cookie)!;
        var second = tickets.Unprotect(cookie)!;

        Assert.Equal(1, inner.Opened);
        Assert.Equal(("m-1", "m-1"), (first.Principal.MemberId(), second.Principal.MemberId()));
        Assert.NotSame(first.Principal, second.Principal);
        Assert.NotSame(first.Properties, second.Properties);
    }

    [Fact]
    public void ARefusedCookie_IsNeverKept_AndRefusedEachTime()
    {
        var inner = new CountingFormat();
        using var tickets = new RecentTickets(inner, TimeProvider.System);

        Assert.Null(tickets.Unprotect("forged"));
        Assert.Null(tickets.Unprotect("forged"));
        Assert.Null(tickets.Unprotect(""));
        Assert.Equal(3, inner.Opened);
    }

    [Fact]
    public async Task ATicketAboutToExpire_IsKeptOnlyUntilItsExpiry()
    {
        var inner = new CountingFormat();
        using var tickets = new RecentTickets(inner, TimeProvider.System);
        var expires = DateTimeOffset.UtcNow.AddSeconds(2);
        var cookie = tickets.Protect(Ticket("m-2", expires));

        tickets.Unprotect(cookie);
        tickets.Unprotect(cookie);
        Assert.Equal(1, inner.Opened);
        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        tickets.Unprotect(cookie);

        Assert.Equal(2, inner.Opened);
    }

    [Fact]
    public void AnAlreadyExpiredTicket_IsNotKept()
    {
        var inner = new CountingFormat();
        using var tickets = new RecentTickets(inner, TimeProvider.System);
        var cookie = tickets.Protect(Ticket("m-3", DateTimeOffset.UtcNow.AddMinutes(-1)));

        tickets.Unprotect(cookie);
        tickets.Unprotect(cookie);

        Assert.Equal(2, inner.Opened);
    }
}
