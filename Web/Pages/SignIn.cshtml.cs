using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Web.Pages;

/// <summary>The sign-in form; Razor Pages check its antiforgery token before <see cref="OnPostAsync"/> runs.</summary>
public sealed class SignInModel(SignInChecker checker) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    [BindProperty] public string? Email { get; set; }

    [BindProperty] public string? Password { get; set; }

    public string? Message { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(Target) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await checker.CheckAsync(Email, Password, HttpContext.Connection.RemoteIpAddress?.ToString());
        switch (outcome)
        {
            case SignInChecker.SignedIn member:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, MemberPrincipal.Create(member.MemberId, member.Name),
                    new AuthenticationProperties { IsPersistent = true });
                return LocalRedirect(Target);
            case SignInChecker.Limited limited:
                var seconds = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds));
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                Message = $"Too many failed attempts. Try again in {seconds} seconds.";
                return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
            default:
                Message = "That email and password do not match a member.";
                return new PageResult { StatusCode = StatusCodes.Status401Unauthorized };
        }
    }

    /// <summary>Only a path on this site, so a crafted link cannot send a member elsewhere after signing in.</summary>
    private string Target => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
