using System.Diagnostics;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Members;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Client.Seeding;

/// <summary>
/// Loads a generated catalog and member base through <see cref="ICatalogImportGrain"/>: one call per
/// batch, a few batches in flight, so 15,000 entities take tens of calls rather than 15,000.
/// Every seeded member can sign in to the website: email <see cref="MemberEmails.SeededEmail"/>, password
/// <see cref="MemberEmails.DemoPassword"/>.
/// </summary>
public sealed class Seeder(IGrainFactory grains)
{
    /// <summary>What to seed; <paramref name="PlaysPerMember"/> is the average length of each member's generated viewing history (0: none).</summary>
    public sealed record Plan(int Titles, int Members, int Seed, int BatchSize, int Parallelism, int PlaysPerMember = 0);

    public sealed record Result(int Titles, int Members, int Batches, TimeSpan TitlesElapsed, TimeSpan MembersElapsed, int Plays = 0, TimeSpan HistoryElapsed = default)
    {
        public TimeSpan Elapsed => TitlesElapsed + MembersElapsed + HistoryElapsed;
    }

    /// <summary>Analytics events per import call (a play start is small; the log writes a batch in one statement).</summary>
    private const int EventBatch = 2000;

    public async Task<Result> RunAsync(Plan plan, IProgress<(string Kind, int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        if (plan.Titles < 0 || plan.Members < 0) throw new ArgumentException("counts must not be negative");
        if (plan.BatchSize is < 1 or > CatalogLimits.MaxImportBatch) throw new ArgumentException($"batch size must be 1 to {CatalogLimits.MaxImportBatch}");
        if (plan.Parallelism is < 1 or > 64) throw new ArgumentException("parallelism must be 1 to 64");
        if (plan.PlaysPerMember is < 0 or > MaxPlaysPerMember) throw new ArgumentException($"plays per member must be 0 to {MaxPlaysPerMember}");

        var generator = new CatalogGenerator(plan.Seed);
        var importer = grains.GetGrain<ICatalogImportGrain>(ImportKeys.Default);
        var batches = 0;

        var clock = Stopwatch.StartNew();
        var titles = generator.Titles(plan.Titles);
        batches += await ImportAsync("titles", titles, plan, b => importer.ImportTitles(b), progress, cancellationToken);
        var titlesElapsed = clock.Elapsed;

        clock.Restart();
        var members = WithDemoSignIn(generator.Members(plan.Members));
        batches += await ImportAsync("members", members, plan, b => importer.ImportMembers(b), progress, cancellationToken);
        var membersElapsed = clock.Elapsed;
        if (plan.PlaysPerMember == 0 || plan.Titles == 0 || plan.Members == 0)
            return new Result(plan.Titles, plan.Members, batches, titlesElapsed, membersElapsed);

        clock.Restart();
        var history = new ViewingGenerator(plan.Seed).Generate(titles, members, plan.PlaysPerMember, DateTimeOffset.UtcNow);
        batches += await ImportAsync("history", history.Viewings, plan, b => importer.ImportViewings(b), progress, cancellationToken);
        var analytics = grains.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main);
        batches += await ImportAsync("plays", history.PlayStarts, plan with { BatchSize = EventBatch }, b => analytics.Import(b), progress, cancellationToken);
        return new Result(plan.Titles, plan.Members, batches, titlesElapsed, membersElapsed, history.PlayStarts.Length, clock.Elapsed);
    }

    public const int MaxPlaysPerMember = 500;

    /// <summary>
    /// Gives every member its seeded email and the demo password. PasswordHasher's PBKDF2 (100,000 iterations) costs tens
    /// of milliseconds a hash, minutes for 10,000 members, so the public demo password is hashed once per seed run and
    /// every seeded member shares that one salted hash. Members who set their own password (member set-password, the
    /// website) each get their own salt.
    /// </summary>
    private static MemberRecord[] WithDemoSignIn(IReadOnlyList<MemberRecord> members)
    {
        if (members.Count == 0) return [];
        var sharedHash = MemberPasswords.Hash("seed", MemberEmails.DemoPassword);
        return [.. members.Select(m => m with { SignIn = new MemberSignIn(MemberEmails.SeededEmail(m.MemberId), sharedHash) })];
    }

    private static async Task<int> ImportAsync<T>(string kind, IReadOnlyList<T> items, Plan plan, Func<T[], Task<int>> import,
        IProgress<(string Kind, int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var chunks = items.Chunk(plan.BatchSize).ToArray();
        var done = 0;
        progress?.Report((kind, 0, items.Count));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = plan.Parallelism, CancellationToken = cancellationToken },
            async (chunk, _) =>
            {
                await import(chunk);
                progress?.Report((kind, Interlocked.Add(ref done, chunk.Length), items.Count));
            });
        return chunks.Length;
    }
}
