using System.ComponentModel;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Members;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Load a generated catalog and member base (the same for the same --seed); re-running updates in place")]
public sealed class SeedCommand : ConnectedCommand<SeedCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandOption("--titles <N>"), Description("how many titles (default 5000)")]
        public int Titles { get; init; } = 5000;

        [CommandOption("--members <N>"), Description("how many members (default 10000)")]
        public int Members { get; init; } = 10000;

        [CommandOption("--seed <N>"), Description("random seed")]
        public int Seed { get; init; } = CatalogGenerator.DefaultSeed;

        [CommandOption("--plays <N>"), Description("average plays in each member's generated viewing history, 0 for none (default 20): what recommendations learn from")]
        public int Plays { get; init; } = 20;

        [CommandOption("--batch <N>"), Description("entities per import call (default 500)")]
        public int Batch { get; init; } = 500;

        [CommandOption("--parallel <N>"), Description("import calls in flight (default 4)")]
        public int Parallel { get; init; } = 4;
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        var plan = new Seeder.Plan(settings.Titles, settings.Members, settings.Seed, settings.Batch, settings.Parallel, settings.Plays);
        var seeder = new Seeder(client);
        Seeder.Result result;
        if (settings.Json)
        {
            result = await seeder.RunAsync(plan, null, cancellationToken);
            Json.Write(new
            {
                result.Titles,
                result.Members,
                result.Batches,
                result.Plays,
                ElapsedSeconds = Math.Round(result.Elapsed.TotalSeconds, 3),
                TitlesPerSecond = Math.Round(result.Titles / Math.Max(result.TitlesElapsed.TotalSeconds, 1e-6)),
                MembersPerSecond = Math.Round(result.Members / Math.Max(result.MembersElapsed.TotalSeconds, 1e-6)),
                // The public demo sign-in every seeded member has (null when no member was seeded).
                SignIn = result.Members == 0 ? null : new
                {
                    Email = MemberEmails.SeededEmail(CatalogGenerator.MemberId(0)),
                    EmailPattern = "{memberId}@example.com",
                    Password = MemberEmails.DemoPassword,
                },
            });
            return ExitCodes.Ok;
        }

        result = await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var bars = new Dictionary<string, ProgressTask>
                {
                    ["titles"] = ctx.AddTask($"titles ({plan.Titles})", maxValue: Math.Max(1, plan.Titles)),
                    ["members"] = ctx.AddTask($"members ({plan.Members})", maxValue: Math.Max(1, plan.Members)),
                    ["history"] = ctx.AddTask("viewing history (members)", maxValue: Math.Max(1, plan.Members)),
                    ["plays"] = ctx.AddTask("play events", maxValue: 1),
                };
                var progress = new Progress<(string Kind, int Done, int Total)>(p =>
                {
                    bars[p.Kind].MaxValue = Math.Max(1, p.Total);
                    bars[p.Kind].Value = p.Done;
                });
                var r = await seeder.RunAsync(plan, progress, cancellationToken);
                foreach (var bar in bars.Values) bar.Value = bar.MaxValue;
                return r;
            });
        AnsiConsole.MarkupLine($"[green]seeded[/] {result.Titles} titles in {result.TitlesElapsed.TotalSeconds:0.00} s and {result.Members} members in " +
                               $"{result.MembersElapsed.TotalSeconds:0.00} s, {result.Plays} plays of viewing history in {result.HistoryElapsed.TotalSeconds:0.00} s ({result.Batches} import calls)");
        // Plain text, one line, never wrapped: the demo script and people copy it.
        if (result.Members > 0)
            Console.Out.WriteLine($"sign in at the website as {MemberEmails.SeededEmail(CatalogGenerator.MemberId(0))} with password {MemberEmails.DemoPassword} " +
                                  "(every seeded member: <member id>@example.com)");
        return ExitCodes.Ok;
    }
}
