using Orleans.Netflix.Hosting.CommandLine;

namespace Orleans.Netflix.Web;

/// <summary>
/// <c>Web --region R [--urls http://127.0.0.1:PORT] [--gateway HOST:PORT]... [--connection-string CS] [--location SITE] [--metrics-url http://127.0.0.1:PORT]</c>
/// (<see cref="WebSettings"/>; --help lists them).
/// Exit 2 on a bad argument or setting, 1 when it cannot start (for instance the region's cluster does not answer).
/// </summary>
public static class WebProgram
{
    public const int ExitBadSetup = 2;
    public const int ExitFailed = 1;

    /// <summary>Printed once the website serves; scripts and tests wait for it.</summary>
    public const string ReadyMarker = "website ready:";

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

    /// <summary>
    /// The switches as configuration keys (<see cref="WebSettings"/>); null when only help or the version was asked for (and
    /// printed). An <see cref="ArgumentException"/> with a one-line message for an unknown switch or a switch without its value.
    /// </summary>
    public static Dictionary<string, string?>? Parse(IReadOnlyList<string> args) =>
        CommandLineSwitches.Parse<WebSettings>(args, "Web")?.ToConfiguration();
}
