using System.Globalization;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Hosting.CommandLine;

namespace Orleans.Netflix.EdgeServer;

/// <summary>
/// <c>EdgeServer --edge-id ID --region R --location SITE --urls http://127.0.0.1:PORT --cache-bytes SIZE
/// [--cache-root DIR] [--cache-policy gdsf|lru] [--origin URL]... [--gateway HOST:PORT]... [--connection-string CS]
/// [--data-plane nginx|kestrel] [--public-url URL] [--environment Development]</c> (<see cref="EdgeSettings"/>; --help lists them).
/// Exit 2 on a bad argument or setting, 1 when it cannot start.
/// </summary>
public static class EdgeProgram
{
    public const int ExitBadSetup = 2;
    public const int ExitFailed = 1;

    /// <summary>Printed once the edge serves; scripts and tests wait for it.</summary>
    public const string ReadyMarker = "edge ready:";

    public static async Task<int> RunAsync(string[] args)
    {
        Dictionary<string, string?>? settings;
        try
        {
            settings = Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitBadSetup;
        }
        if (settings is null) return 0; // --help or --version: printed, nothing to run

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

    /// <summary>
    /// The switches as configuration keys, read by Spectre.Console.Cli; null when only help or the version was asked for
    /// (and printed). An <see cref="ArgumentException"/> with a one-line message for an unknown switch, a switch without
    /// its value or a bad size.
    /// </summary>
    public static Dictionary<string, string?>? Parse(IReadOnlyList<string> args) =>
        CommandLineSwitches.Parse<EdgeSettings>(args, "EdgeServer")?.ToConfiguration();

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
