using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Netflix.Common;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Web.Api;
using Orleans.Netflix.Web.Catalog;
using Orleans.Netflix.Web.Configuration;
using Orleans.Netflix.Web.Errors;
using Orleans.Netflix.Web.Identity;
using Orleans.Netflix.Web.Observability;
using Orleans.Netflix.Web.Playback;
using Orleans.Netflix.Web.Posters;

namespace Orleans.Netflix.Web;

/// <summary>
/// Composes the website of one region: Razor pages and the JSON API under /api, cookie sign-in, antiforgery, the
/// failed sign-in limiter, generated posters, and the region's grains, reached through an Orleans client of the
/// region (or through <paramref name="grains"/> when a test hosts the website beside an in-process cluster).
/// </summary>
public static class WebApp
{
    public const string CookieName = "netflix.member";

    public static WebApplication Build(WebApplicationBuilder builder, IGrainFactory? grains = null)
    {
        var options = builder.Configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
        var regions = NetflixRegions.From(builder.Configuration);
        builder.Services.AddNetflixRegions(builder.Configuration, regions);
        options.Validate(regions);
        options.ConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString) ? options.ConnectionString
            : builder.Configuration.GetConnectionString(regions.Get(options.Region).Name);
        builder.Services.AddSingleton(Options.Create(options));

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.AddServerHeader = false;
        });

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the site is served over HTTPS
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/signin";
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = context => Answer401ForApi(context);
            cookie.Events.OnRedirectToAccessDenied = context => Answer401ForApi(context, StatusCodes.Status403Forbidden);
        });
        // After AddCookie's own post-configuration, which creates the ticket format this wraps.
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, RecentTicketsSetup>();
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser().Build());
        builder.Services.AddAntiforgery(a =>
        {
            a.HeaderName = AntiforgeryOnWrites.HeaderName;
            a.Cookie.Name = "netflix.antiforgery";
            a.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddRazorPages(pages => pages.Conventions.AllowAnonymousToPage("/SignIn"))
            .AddApplicationPart(typeof(WebApp).Assembly); // found even when a test, not this program, is the entry assembly
        builder.Services.AddProblemDetails();
        builder.Services.AddOutputCache(o => o.AddPolicy(PosterEndpoints.CachePolicy, p => p.Expire(TimeSpan.FromMinutes(10)).SetVaryByRouteValue("titleId", "artwork")));
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<FailedSignIns>();
        builder.Services.AddSingleton<SignInChecker>();
        builder.Services.AddSingleton<MemberCatalog>();
        builder.Services.AddSingleton<StillLinks>();
        builder.Services.AddHttpClient<EdgeMasters>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        WebObservability.Configure(builder, options);

        if (grains is not null)
        {
            builder.Services.AddSingleton(grains);
        }
        else
        {
            // The website is a trusted tier: it reads sign-in hashes and sets them, which devices may not.
            builder.AddNetflixClusterClient(ClusterAddress.Resolve(regions, options.Region, options.Gateways, options.ConnectionString),
                TierKey.FromConfiguration(builder.Configuration),
                client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.GrainCallTimeout));
        }

        var app = builder.Build();
        WebObservability.Map(app, options);
        app.Use((context, next) =>
        {
            // No framing (the sign-in form cannot be clickjacked), no content sniffing, no page address sent to edges.
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return next(context);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WebErrors.HandleExceptionAsync });
        app.UseStatusCodePages(WebErrors.HandleStatusCodeAsync);
        // wwwroot is copied beside the program (and beside a test that hosts the site), not served from the project folder.
        var assets = Path.Combine(app.Environment.ContentRootPath, "wwwroot");
        if (Directory.Exists(assets))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(assets) });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseOutputCache();

        var api = app.MapGroup("/api").AddEndpointFilter<AntiforgeryOnWrites>();
        api.MapAccountApi();
        api.MapCatalogApi();
        api.MapPlaybackApi();
        api.MapFallback(() => ApiProblems.NotFound("no such API"));
        app.MapPosters();
        app.MapGet("/health", () => Results.Ok(new { status = "ok", region = options.Region })).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    private static Task Answer401ForApi(RedirectContext<CookieAuthenticationOptions> context, int status = StatusCodes.Status401Unauthorized)
    {
        if (WebErrors.IsApi(context.HttpContext))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
