using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Trace;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.EdgeServer.DataPlane;
using Orleans.Netflix.EdgeServer.Fill;
using Orleans.Netflix.EdgeServer.Observability;
using Orleans.Netflix.EdgeServer.Origin;
using Orleans.Netflix.EdgeServer.Registration;
using Orleans.Netflix.EdgeServer.Serving;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Hosting;

namespace Orleans.Netflix.EdgeServer;

/// <summary>
/// Composes one edge: Kestrel with tight request limits, CORS for browser players, the content cache,
/// the grain index, the origin client, heartbeats, /health and /metrics. The grains are reached through
/// an Orleans client of the edge's region, or through <paramref name="grains"/> when a test hosts the edge
/// beside an in-process cluster.
/// </summary>
public static class EdgeApp
{
    public const string CorsPolicy = "players";

    public static WebApplication Build(WebApplicationBuilder builder, IGrainFactory? grains = null)
    {
        var section = builder.Configuration.GetSection(EdgeOptions.Section);
        var options = section.Get<EdgeOptions>() ?? new EdgeOptions();
        var regions = NetflixRegions.From(builder.Configuration);
        builder.Services.AddNetflixRegions(builder.Configuration, regions);
        options.Validate(regions);
        if (DevelopmentSigningKey.Refusal(options.SigningKeys, builder.Environment.EnvironmentName, $"{EdgeOptions.Section}:{nameof(EdgeOptions.SigningKeys)}") is { } refusal)
            throw new ArgumentException(refusal);
        var defaultCacheRoot = Path.Combine(Path.GetTempPath(), "netflix-edge", options.EdgeId);
        if (string.IsNullOrWhiteSpace(options.CacheRoot)) options.CacheRoot = defaultCacheRoot;

        // The nginx data plane listens where Kestrel would; Kestrel moves to an internal port nginx hands misses to.
        NginxPlaneSettings? nginx = null;
        if (options.DataPlane == DataPlanes.Nginx)
        {
            var publicUrl = (builder.Configuration["urls"] ?? "http://127.0.0.1:5000").Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
            nginx = NginxPlaneSettings.Resolve(options, publicUrl, options.CacheRoot);
            builder.WebHost.UseUrls($"http://127.0.0.1:{nginx.InternalPort}");
            if (string.IsNullOrWhiteSpace(options.PublicUrl)) options.PublicUrl = publicUrl;
            builder.Services.AddSingleton(nginx);
        }
        var publicUrlSetting = options.PublicUrl;

        // Bound to configuration, so what may change while the edge runs (the signing keys) is re-read through IOptionsMonitor.
        builder.Services.AddOptions<EdgeOptions>().Bind(section).PostConfigure(o =>
        {
            if (string.IsNullOrWhiteSpace(o.CacheRoot)) o.CacheRoot = defaultCacheRoot;
            if (string.IsNullOrWhiteSpace(o.PublicUrl)) o.PublicUrl = publicUrlSetting;
        });
        builder.Services.AddSingleton<SigningKeyRing>();
        // The tier key: edges are trusted tier (heartbeats into the registry, pulls from origin). Netflix:TierKey, else the development key file.
        var tierKey = TierKey.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(tierKey);

        builder.WebHost.ConfigureKestrel(k =>
        {
            // Refused by the server itself (414 / 431) before any of our code runs.
            k.Limits.MaxRequestLineSize = 4 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestHeaderCount = 50;
            k.Limits.MaxRequestBodySize = 0;
            k.AddServerHeader = false;
        });
        builder.Services.AddCors(c => c.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin()
            .WithMethods("GET", "HEAD", "OPTIONS")
            .WithHeaders("Range", "If-None-Match", "If-Range")
            .WithExposedHeaders("Content-Length", "Content-Range", "Accept-Ranges", "ETag", "X-Cache")));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new CacheOptions { Root = options.CacheRoot, CapacityBytes = options.CacheBytes, VerifiedLinksRoot = nginx?.Layout.VerifiedLinks ?? "" });
        builder.Services.AddSingleton(sp => new ContentCache(sp.GetRequiredService<CacheOptions>(), ContentCache.PolicyFor(options.CachePolicy),
            sp.GetRequiredService<ILogger<ContentCache>>(), sp.GetRequiredService<EdgeMetrics>().Cache));
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton<AssetIndex>();
        builder.Services.AddSingleton<EdgeMetrics>();
        builder.Services.AddSingleton<EdgeTraffic>();
        builder.Services.AddSingleton(sp => new EdgeAddress(sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>(), options.PublicUrl));
        builder.Services.AddSingleton<EdgeEndpoint>();
        builder.Services.AddOriginClient();
        builder.Services.AddOpenTelemetry().WithPrometheusMetrics(EdgeMetrics.MeterName)
            // A request that carries a W3C traceparent (the client's first segment after press play) continues that trace
            // here, with the origin pull under it on a miss (docs/observability.md).
            .WithNetflixTracing(builder.Configuration, $"netflix-edge-{options.EdgeId}", t => t.AddAspNetCoreInstrumentation().AddSource("System.Net.Http"));

        if (grains is not null)
        {
            builder.Services.AddSingleton(grains);
        }
        else
        {
            builder.AddNetflixClusterClient(ClusterAddress.Resolve(regions, options.Region, options.Gateways, options.ConnectionString), tierKey);
        }

        // After the Orleans client: hosted services stop in reverse order, so these stop (and deregister) while it still runs.
        builder.Services.AddSingleton<HeartbeatService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HeartbeatService>());
        builder.Services.AddSingleton<FillService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FillService>());
        if (nginx is not null)
        {
            builder.Services.AddSingleton<NginxDataPlane>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<NginxDataPlane>());
        }

        var app = builder.Build();
        app.UseEdgeAccounting();
        app.UseCors(CorsPolicy);
        var player = Path.Combine(app.Environment.ContentRootPath, "wwwroot", "player");
        if (Directory.Exists(player))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(player), RequestPath = "/player" });
        app.MapGet("/health", (HeartbeatService heartbeat, ContentCache cache) =>
        {
            var report = heartbeat.Report();
            return Results.Ok(new
            {
                status = report.Health.ToString().ToLowerInvariant(),
                edge = report.EdgeId,
                region = report.Region,
                location = report.Location,
                url = report.BaseUrl,
                activeSessions = report.ActiveSessions,
                cache = cache.Stats,
                titlesHeld = report.TitlesHeld,
            });
        });
        app.MapPrometheusMetrics();
        app.MapMethods("/v1/{**rest}", ["GET", "HEAD"], (HttpContext context, EdgeEndpoint endpoint) => endpoint.ServeAsync(context));
        app.MapFallback(() => Results.NotFound());

        return app;
    }

    /// <summary>Loads what the cache already holds on disk before the first request.</summary>
    public static Task InitializeAsync(WebApplication app, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<ContentCache>().InitializeAsync(cancellationToken);
}
