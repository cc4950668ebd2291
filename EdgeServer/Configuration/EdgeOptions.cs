using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.EdgeServer.Configuration;

/// <summary>One edge's settings (configuration section "Edge"; switches and EDGE__* environment variables override).</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    public string EdgeId { get; set; } = "";

    public string Region { get; set; } = "us-east";

    /// <summary>The site the edge stands in (steering prefers the client's own site).</summary>
    public string Location { get; set; } = "";

    /// <summary>The base URL players reach this edge at; empty means the first of ASP.NET Core's <c>urls</c>.</summary>
    public string PublicUrl { get; set; } = "";

    public string CacheRoot { get; set; } = "";

    public long CacheBytes { get; set; } = 1L << 30;

    /// <summary>Eviction: "gdsf" (popularity-aware, the default) or "lru".</summary>
    public string CachePolicy { get; set; } = "gdsf";

    /// <summary>Origin base URLs, tried in order on a miss; empty means the region's default origin.</summary>
    public List<string> OriginUrls { get; set; } = [];

    public TimeSpan OriginTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The signing keys tokens are checked with: the current one and, during a rotation, the next.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>
    /// Who sends the bytes: "nginx" (the default: nginx serves verified objects with sendfile and hands everything else to
    /// EdgeServer's internal listener) or "kestrel" (EdgeServer alone, for machines without nginx).
    /// </summary>
    public string DataPlane { get; set; } = DataPlanes.Nginx;

    /// <summary>The nginx executable; empty means nginx on PATH, else /usr/sbin/nginx.</summary>
    public string NginxPath { get; set; } = "";

    /// <summary>nginx's njs module; empty means Debian's /usr/lib/nginx/modules/ngx_http_js_module.so.</summary>
    public string NjsModule { get; set; } = "";

    /// <summary>The nginx data plane's folder (configuration, script, map, logs, links to verified objects); empty means beside the cache root.</summary>
    public string DataPlaneRoot { get; set; } = "";

    /// <summary>A token expiring further ahead than this is refused, however well signed (a leaked key's forgeries cannot play for years).</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = PlaybackToken.DefaultMaxLifetime;

    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the fill plan is asked for and applied; zero turns proactive fill off.</summary>
    public TimeSpan FillEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most origin bandwidth background fill may use.</summary>
    public long FillBytesPerSecond { get; set; } = 50L << 20;

    /// <summary>How long a title's file index is trusted before the grain is asked again.</summary>
    public TimeSpan IndexTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cluster gateways (host:port) to reach the region's grains; empty means the region's default gateway.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>PostgreSQL connection string: gateways come from the membership table instead.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Checks what can be checked before starting; the message says what is wrong.</summary>
    public void Validate(Regions.RegionDirectory regions)
    {
        if (string.IsNullOrWhiteSpace(EdgeId) || EdgeId.Length > 64 || !EdgeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"--edge-id '{EdgeId}' must be 1-64 letters, digits, '-' or '_'");
        regions.Get(Region);
        if (string.IsNullOrWhiteSpace(Location)) throw new ArgumentException("--location is required (the site this edge stands in)");
        if (CacheBytes < 1 << 20) throw new ArgumentException($"--cache-bytes {CacheBytes} is under 1 MiB");
        Cache.ContentCache.PolicyFor(CachePolicy);
        if (FillBytesPerSecond <= 0) throw new ArgumentException($"Edge:FillBytesPerSecond must be above 0, not {FillBytesPerSecond}");
        SigningKeyOptions.Parse(SigningKeys);
        if (DataPlane is not (DataPlanes.Nginx or DataPlanes.Kestrel)) throw new ArgumentException($"--data-plane '{DataPlane}' must be '{DataPlanes.Nginx}' or '{DataPlanes.Kestrel}'");
        if (MaxTokenLifetime <= TimeSpan.Zero) throw new ArgumentException($"Edge:MaxTokenLifetime must be above zero, not {MaxTokenLifetime}");
        foreach (var origin in OriginUrls)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new ArgumentException($"origin '{origin}' is not an absolute http(s) URL");
        }
    }
}

/// <summary>The values of <see cref="EdgeOptions.DataPlane"/>.</summary>
public static class DataPlanes
{
    public const string Nginx = "nginx";
    public const string Kestrel = "kestrel";
}
