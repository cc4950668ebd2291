using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Orleans.Netflix.Members;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Web.Api;

/// <summary>Signing in and out through the API (the pages use the same checks), and the signed-in member's own account.</summary>
public static class AccountApi
{
    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapGet("/antiforgery", (IAntiforgery antiforgery, HttpContext context) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            return Results.Ok(new { token = tokens.RequestToken, header = AntiforgeryOnWrites.HeaderName });
        }).AllowAnonymous();

        api.MapPost("/signin", async (SignInRequest request, SignInChecker checker, HttpContext context) =>
        {
            var outcome = await checker.CheckAsync(request.Email, request.Password, context.Connection.RemoteIpAddress?.ToString());
            switch (outcome)
            {
                case SignInChecker.SignedIn member:
                    await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, MemberPrincipal.Create(member.MemberId, member.Name),
                        new AuthenticationProperties { IsPersistent = true });
                    return Results.Ok(new { member.MemberId, member.Name });
                case SignInChecker.Limited limited:
                    return ApiProblems.TooManyAttempts(context, limited.RetryAfter);
                default:
                    return Results.Problem(statusCode: 401, title: "Sign-in failed", detail: "That email and password do not match a member.");
            }
        }).AllowAnonymous();

        api.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });

        api.MapGet("/me", async (HttpContext context, IGrainFactory grains) =>
        {
            var memberId = context.User.MemberId();
            var member = await grains.GetGrain<IMemberGrain>(memberId).Get();
            if (member is null) return ApiProblems.NotFound("this member no longer exists");
            return Results.Ok(new
            {
                member.MemberId,
                member.Profile.Name,
                member.Email,
                Plan = member.Plan.ToString(),
                MaturityLimit = member.Profile.MaturityLimit.ToString(),
                ResumePoints = member.ResumePoints.Select(r => new { r.TitleId, PositionSeconds = r.Position.TotalSeconds, r.UpdatedAt }),
                History = member.History.TakeLast(50).Reverse().Select(h => new { h.TitleId, h.WatchedAt, PositionSeconds = h.Position.TotalSeconds }),
            });
        });
    }
}
