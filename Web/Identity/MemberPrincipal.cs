using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Orleans.Netflix.Web.Identity;

/// <summary>
/// The signed-in member as the cookie carries it: the member id and display name, nothing a request can override.
/// Every page and API call takes the member from here, never from the request.
/// </summary>
public static class MemberPrincipal
{
    public static ClaimsPrincipal Create(string memberId, string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, memberId), new Claim(ClaimTypes.Name, name)],
            CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>The member id; only reachable behind authorization, so a missing claim is a bug, not a client error.</summary>
    public static string MemberId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("no signed-in member on this request");

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "";
}
