using System.Globalization;
using Orleans.Netflix.EdgeServer.Configuration;

namespace Orleans.Netflix.EdgeServer;

/// <summary>
/// <c>EdgeServer --edge-id ID --region R --location SITE --urls http://127.0.0.1:PORT --cache-bytes SIZE
/// [--cache-root DIR] [--cache-policy gdsf|lru] [--origin URL]... [--gateway HOST:PORT]... [--connection-string CS]
/// [--data-plane nginx|kestrel] [--environment Development]</c>.
/// Exit 2 on a bad argument or setting, 1 when it cannot start.
/// </summary>
public static class EdgeProgram
{
    public const int ExitBadSetup = 2;
    public const int ExitFailed = 1;

    /// <summary>Printed once the edge serves; scripts and tests wait for it.</summary>
    public const string ReadyMarker = "edge ready:";

    private static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--edge-id"] = "Edge:EdgeId",
        ["--region"] = "Edge:Region",
        ["--location"] = "Edge:Location",
        ["--public-url"] = "Edge:PublicUrl",
        ["--cache-bytes"] = "Edge:CacheBytes",
        ["--cache-root"] = "Edge:CacheRoot",
        ["--cache-policy"] = "Edge:CachePolicy",
        ["--connection-string"] = "Edge:ConnectionString",
        ["--urls"] = "urls",
        ["--environment"] = "environment",
        ["--data-plane"] = "Edge:DataPlane",
    };

    // Switches that may be given more than once, bound to a list.
    private static readonly IReadOnlyDictionary<string, string> Lists = new Dictionary<string, string>
    {
        ["--origin"] = "Edge:OriginUrls",
        ["--gateway"] = "Edge:Gateways",
    };

    public static async Task<int> RunAsync(string[] args)
    {
        Dictionary<string, string?> settings;
        try
        {
            settings = Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitBadSetup;
        }

        // --environment as ASP.NET Core's own switch would set it; without it DOTNET_ENVIRONMENT / ASPNETCORE_ENVIRONMENT, else Production.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = settings.GetValueOrDefault("environment"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        WebApplication app;
        try
        {
            app = EdgeApp.Build(builder);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitBadSetup;
        }

        await using (app)
        {
            try
            {
                await EdgeApp.InitializeAsync(app, CancellationToken.None);
                await app.StartAsync();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"error: edge failed to start: {e.GetBaseException().Message}");
                return ExitFailed;
            }
            var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EdgeOptions>>().Value;
            var at = options.DataPlane == DataPlanes.Nginx ? $"{options.PublicUrl} (nginx; EdgeServer at {string.Join(", ", app.Urls)})" : string.Join(", ", app.Urls);
            Console.WriteLine($"{ReadyMarker} {options.EdgeId} in {options.Region}/{options.Location} at {at}, " +
                              $"cache {options.CacheBytes} bytes ({options.CachePolicy}) in {options.CacheRoot}");
            await app.WaitForShutdownAsync();
        }
        return 0;
    }

    /// <summary>The switches as configuration keys; an <see cref="ArgumentException"/> for an unknown switch or a bad size.</summary>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            var name = parts[0];
            if (!Switches.ContainsKey(name) && !Lists.ContainsKey(name))
                throw new ArgumentException($"unknown argument '{args[i]}'. Switches: {string.Join(", ", Switches.Keys.Concat(Lists.Keys))}");
            var value = parts.Length == 2 ? parts[1] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            if (name == "--cache-bytes") value = ParseSize(value).ToString(CultureInfo.InvariantCulture);
            if (Lists.TryGetValue(name, out var listKey))
            {
                var n = counts.GetValueOrDefault(name);
                counts[name] = n + 1;
                settings[$"{listKey}:{n}"] = value;
            }
            else
            {
                settings[Switches[name]] = value;
            }
        }
        return settings;
    }

    /// <summary>Bytes from "1073741824", "512M", "2G" or "64K" (powers of 1024).</summary>
    public static long ParseSize(string text)
    {
        var t = text.Trim().ToUpperInvariant().TrimEnd('B', 'I');
        var multiplier = t.EndsWith('K') ? 1L << 10 : t.EndsWith('M') ? 1L << 20 : t.EndsWith('G') ? 1L << 30 : t.EndsWith('T') ? 1L << 40 : 1;
        if (multiplier > 1) t = t[..^1];
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && number * multiplier < long.MaxValue
            ? (long)(number * multiplier)
            : throw new ArgumentException($"--cache-bytes '{text}' is not a size such as 1073741824, 512M or 2G");
    }
}
