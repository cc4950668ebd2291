namespace Orleans.Netflix.Web;

/// <summary>
/// <c>Web --region R [--urls http://127.0.0.1:PORT] [--gateway HOST:PORT]... [--connection-string CS] [--location SITE] [--metrics-url http://127.0.0.1:PORT]</c>.
/// Exit 2 on a bad argument or setting, 1 when it cannot start (for instance the region's cluster does not answer).
/// </summary>
public static class WebProgram
{
    public const int ExitBadSetup = 2;
    public const int ExitFailed = 1;

    /// <summary>Printed once the website serves; scripts and tests wait for it.</summary>
    public const string ReadyMarker = "website ready:";

    private static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--region"] = "Web:Region",
        ["--connection-string"] = "Web:ConnectionString",
        ["--location"] = "Web:ClientLocation",
        ["--urls"] = "urls",
        ["--metrics-url"] = "Web:MetricsUrl",
    };

    private const string GatewaySwitch = "--gateway";

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

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        WebApplication app;
        try
        {
            app = WebApp.Build(builder);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitBadSetup;
        }

        await using (app)
        {
            var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.WebOptions>>().Value;
            // The Orleans client keeps retrying an unreachable gateway: starting is bounded, and says why it gave up.
            using var deadline = new CancellationTokenSource(options.ConnectTimeout);
            try
            {
                await app.StartAsync(deadline.Token);
            }
            catch (Exception e)
            {
                var reason = deadline.IsCancellationRequested
                    ? $"region {options.Region}'s cluster did not answer within {options.ConnectTimeout.TotalSeconds:0} s"
                    : e.GetBaseException().Message;
                Console.Error.WriteLine($"error: the website failed to start: {reason}");
                return ExitFailed;
            }
            Console.WriteLine($"{ReadyMarker} {string.Join(", ", app.Urls)} for region {options.Region}");
            await app.WaitForShutdownAsync();
        }
        return 0;
    }

    /// <summary>The switches as configuration keys; an <see cref="ArgumentException"/> for an unknown switch or a missing value.</summary>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var gateways = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            var name = parts[0];
            if (!Switches.ContainsKey(name) && name != GatewaySwitch)
                throw new ArgumentException($"unknown argument '{args[i]}'. Switches: {string.Join(", ", Switches.Keys.Append(GatewaySwitch))}");
            var value = parts.Length == 2 ? parts[1] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            if (name == GatewaySwitch) settings[$"Web:Gateways:{gateways++}"] = value;
            else settings[Switches[name]] = value;
        }
        return settings;
    }
}
