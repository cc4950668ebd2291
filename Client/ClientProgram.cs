using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Hosting.CommandLine;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client;

public static class ClientProgram
{
    private const string IngestStatusName = "ingest-status";

    public static Task<int> RunAsync(string[] args)
    {
        // "ingest status <JOB>" reads better than a separate verb, but Spectre cannot mix a command that
        // takes a positional source with a sub-command, so the two words are routed here.
        if (args is ["ingest", "status", ..]) args = [IngestStatusName, .. args[2..]];
        (args, var refused) = IngestArguments.Normalize(args, File.Exists);
        var commands = CommandLineSwitches.SettingsTypesOf(typeof(ClientProgram).Assembly).ToArray();
        refused ??= CommandLineSwitches.MissingValue(args, commands) is { } missing
            ? $"error: {missing}"
            : null;
        if (refused is not null)
        {
            Console.Error.WriteLine(refused);
            return Task.FromResult(ExitCodes.BadInput);
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("Client");
            // A mistyped option is an error, not silently ignored; bad input is one line and exit 2, as every command's own refusals.
            config.UseStrictParsing();
            config.SetExceptionHandler((e, _) =>
            {
                Console.Error.WriteLine(e is CommandAppException
                    ? $"error: {CommandLineSwitches.Explain(e.Message, args, commands)} (Client --help lists the commands)"
                    : $"error: {e}");
                return e is CommandAppException ? ExitCodes.BadInput : ExitCodes.Failed;
            });
            config.AddBranch("member", member =>
            {
                member.SetDescription("Members");
                member.AddCommand<MemberShowCommand>("show").WithExample("member", "show", "m-00001");
                member.AddCommand<MemberSetPasswordCommand>("set-password").WithExample("member", "set-password", "m-00001", "--email", "ana@example.com", "--password-stdin");
            });
            config.AddBranch("title", title =>
            {
                title.SetDescription("Titles");
                title.AddCommand<TitleShowCommand>("show").WithExample("title", "show", "t-00001");
            });
            config.AddBranch("stats", stats =>
            {
                stats.SetDescription("Analytics: what the event log counted");
                stats.AddCommand<StatsTitleCommand>("title").WithExample("stats", "title", "t-00001");
            });
            config.AddCommand<BrowseCommand>("browse").WithExample("browse", "--member", "m-00001", "--genre", "Comedy", "--page", "2");
            config.AddCommand<SearchCommand>("search").WithExample("search", "silent harbor");
            config.AddCommand<GenresCommand>("genres");
            config.AddCommand<IngestCommand>("ingest").WithExample("ingest", "source.mp4", "--title", "t-00001", "--audio", "es=spanish.m4a", "--subtitles", "en=english.srt");
            config.AddCommand<IngestStatusCommand>(IngestStatusName).WithExample("ingest", "status", "ingest-0123456789abcdef");
            config.AddCommand<PlayCommand>("play").WithExample("play", "t-00001", "--member", "m-00001", "--device", "tv", "--trace", "tests/Traces/train/trace_1", "--speed", "10");
            config.AddCommand<RegionsCommand>("regions").WithExample("regions", "--regions-file", "/tmp/regions/regions.json");
            config.AddCommand<DrillCommand>("drill").WithExample("drill", "evacuate", "us-east", "--regions-file", "/tmp/regions/regions.json");
            config.AddCommand<SeedCommand>("seed").WithExample("seed", "--titles", "5000", "--members", "10000");
        });
        return app.RunAsync(args);
    }
}
