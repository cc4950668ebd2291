using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.EdgeServer;

/// <summary>
/// The edge's switches (Spectre.Console.Cli), each the override of one configuration key: what is not given keeps the
/// value from appsettings.json, EDGE__* environment variables or <see cref="Configuration.EdgeOptions"/>' defaults.
/// </summary>
public sealed class EdgeSettings : CommandSettings
{
    [CommandOption("--edge-id <ID>"), Description("this edge's id: 1-64 letters, digits, '-' or '_' (required)")]
    public string? EdgeId { get; init; }

    [CommandOption("--region <REGION>"), Description("us-east, us-west or eu-west (default us-east)")]
    public string? Region { get; init; }

    [CommandOption("--location <SITE>"), Description("the site the edge stands in; steering prefers the client's own (required)")]
    public string? Location { get; init; }

    [CommandOption("--urls <URL>"), Description("where to listen, e.g. http://127.0.0.1:5000 (default http://127.0.0.1:5000)")]
    public string? Urls { get; init; }

    [CommandOption("--public-url <URL>"), Description("the base URL players reach this edge at (default: the first of --urls)")]
    public string? PublicUrl { get; init; }

    [CommandOption("--cache-bytes <SIZE>"), Description("the cache's bound: 1073741824, 512M, 2G or 64K (default 1G)")]
    public string? CacheBytes { get; init; }

    [CommandOption("--cache-root <DIR>"), Description("the cache's folder (default: netflix-edge/<edge id> under the temp folder)")]
    public string? CacheRoot { get; init; }

    [CommandOption("--cache-policy <POLICY>"), Description("eviction: gdsf (default) or lru")]
    public string? CachePolicy { get; init; }

    [CommandOption("--origin <URL>"), Description("an origin base URL, tried in order on a miss; repeat for several (default: the region's origin)")]
    public string[]? Origins { get; init; }

    [CommandOption("--gateway <HOST:PORT>"), Description("a cluster gateway; repeat for several (default: the region's gateway on 127.0.0.1)")]
    public string[]? Gateways { get; init; }

    [CommandOption("--connection-string <CS>"), Description("find gateways in this PostgreSQL database's membership table")]
    public string? ConnectionString { get; init; }

    [CommandOption("--data-plane <PLANE>"), Description("nginx (default: nginx serves verified objects) or kestrel (EdgeServer alone)")]
    public string? DataPlane { get; init; }

    [CommandOption("--environment <NAME>"), Description("the host environment, e.g. Development (default: DOTNET_ENVIRONMENT, else Production)")]
    public string? Environment { get; init; }

    public override ValidationResult Validate()
    {
        try
        {
            if (CacheBytes is not null) EdgeProgram.ParseSize(CacheBytes);
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>The switches given, as configuration keys (lists as <c>Key:0</c>, <c>Key:1</c>, ...).</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value)
        {
            if (value is not null) settings[key] = value;
        }
        Set("Edge:EdgeId", EdgeId);
        Set("Edge:Region", Region);
        Set("Edge:Location", Location);
        Set("Edge:PublicUrl", PublicUrl);
        Set("Edge:CacheBytes", CacheBytes is null ? null : EdgeProgram.ParseSize(CacheBytes).ToString(CultureInfo.InvariantCulture));
        Set("Edge:CacheRoot", CacheRoot);
        Set("Edge:CachePolicy", CachePolicy);
        Set("Edge:ConnectionString", ConnectionString);
        Set("Edge:DataPlane", DataPlane);
        Set("urls", Urls);
        Set("environment", Environment);
        for (var i = 0; i < (Origins?.Length ?? 0); i++) settings[$"Edge:OriginUrls:{i}"] = Origins![i];
        for (var i = 0; i < (Gateways?.Length ?? 0); i++) settings[$"Edge:Gateways:{i}"] = Gateways![i];
        return settings;
    }
}
