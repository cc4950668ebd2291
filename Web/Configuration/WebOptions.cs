namespace Orleans.Netflix.Web.Configuration;

/// <summary>The website's settings (section <c>Web</c>): which region it fronts and how it reaches that region's cluster.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>The region whose cluster this website is a client of (one website per region, like the silos).</summary>
    public string Region { get; set; } = "us-east";

    /// <summary>Gateways as host:port; empty means the region's PostgreSQL membership table, else its default port on 127.0.0.1.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>The region's PostgreSQL database, for gateway discovery; by default <c>ConnectionStrings:&lt;region&gt;</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where this website's members are, as steering knows sites (edges at the same site rank first).</summary>
    public string ClientLocation { get; set; } = "local";

    /// <summary>Failed sign-ins allowed per account and per client address in a minute before the next is answered 429.</summary>
    public int SignInFailuresPerMinute { get; set; } = 10;

    /// <summary>How long the website waits for its region's cluster at start before it gives up (exit 1).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a grain call may take before the page answers 503.</summary>
    public TimeSpan GrainCallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long fetching a master playlist from one edge may take before the next steered edge is tried.</summary>
    public TimeSpan EdgeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Where the website serves its Prometheus <c>/metrics</c>, e.g. <c>http://127.0.0.1:9464</c>: a listener of its own, apart from the site's; unset, no metrics.</summary>
    public string? MetricsUrl { get; set; }

    public Uri? MetricsUri => string.IsNullOrWhiteSpace(MetricsUrl) ? null : new Uri(MetricsUrl);

    public void Validate(Regions.RegionDirectory regions)
    {
        if (!string.IsNullOrWhiteSpace(MetricsUrl)
            && (!Uri.TryCreate(MetricsUrl, UriKind.Absolute, out var metrics) || metrics.Scheme != Uri.UriSchemeHttp || metrics.IsDefaultPort || metrics.AbsolutePath != "/"))
            throw new ArgumentException($"Web:MetricsUrl '{MetricsUrl}' is not http://HOST:PORT (its own port; /metrics is served there)");
        regions.Get(Region);
        if (string.IsNullOrWhiteSpace(ClientLocation)) throw new ArgumentException("Web:ClientLocation is empty");
        if (SignInFailuresPerMinute < 1) throw new ArgumentException("Web:SignInFailuresPerMinute must be at least 1");
        if (ConnectTimeout <= TimeSpan.Zero) throw new ArgumentException("Web:ConnectTimeout must be above zero");
        if (GrainCallTimeout <= TimeSpan.Zero) throw new ArgumentException("Web:GrainCallTimeout must be above zero");
        if (EdgeTimeout <= TimeSpan.Zero) throw new ArgumentException("Web:EdgeTimeout must be above zero");
    }
}
