using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Web;

/// <summary>
/// The website's switches (Spectre.Console.Cli), each the override of one configuration key: what is not given keeps the
/// value from appsettings.json, <c>Web__*</c> environment variables or <see cref="Configuration.WebOptions"/>' defaults.
/// </summary>
public sealed class WebSettings : CommandSettings
{
    [CommandOption("--region <REGION>"), Description("the region whose cluster this website calls: us-east, us-west or eu-west (Web:Region; default us-east)")]
    public string? Region { get; init; }

    [CommandOption("--urls <URL>"), Description("where to listen, e.g. http://127.0.0.1:5080 (urls; ASP.NET Core's default otherwise)")]
    public string? Urls { get; init; }

    [CommandOption("--gateway <HOST:PORT>"), Description("a cluster gateway; repeat for several (default: the membership table of --connection-string, else the region's gateway on 127.0.0.1)")]
    public string[]? Gateways { get; init; }

    [CommandOption("--connection-string <CS>"), Description("find gateways in this PostgreSQL database's membership table (Web:ConnectionString)")]
    public string? ConnectionString { get; init; }

    [CommandOption("--location <SITE>"), Description("the site the website stands in, handed to steering for its players (Web:ClientLocation; default local)")]
    public string? Location { get; init; }

    [CommandOption("--metrics-url <URL>"), Description("serve Prometheus /metrics at this URL, e.g. http://127.0.0.1:9200; off when not given (Web:MetricsUrl)")]
    public string? MetricsUrl { get; init; }

    /// <summary>The switches given, as configuration keys (gateways as <c>Web:Gateways:0</c>, <c>Web:Gateways:1</c>, ...).</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value)
        {
            if (value is not null) settings[key] = value;
        }
        Set("Web:Region", Region);
        Set("Web:ConnectionString", ConnectionString);
        Set("Web:ClientLocation", Location);
        Set("Web:MetricsUrl", MetricsUrl);
        Set("urls", Urls);
        for (var i = 0; i < (Gateways?.Length ?? 0); i++) settings[$"Web:Gateways:{i}"] = Gateways![i];
        return settings;
    }
}
