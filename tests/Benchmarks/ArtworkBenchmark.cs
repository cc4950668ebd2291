using System.Diagnostics;
using Orleans.Netflix.Grains.Personalization.Artwork;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Impressions and plays of one policy; the last quarter is after everyone has had time to learn.</summary>
public sealed record ArtworkOutcome(string Policy, long Impressions, long Plays, long LateImpressions, long LatePlays, double ExpectedTakeRate)
{
    public double TakeRate => (double)Plays / Impressions;
    public double LateTakeRate => (double)LatePlays / LateImpressions;
}

/// <summary>A policy judged by replay on the held-out half of the random log, and its true expected take rate there.</summary>
public sealed record ArtworkReplay(string Policy, ReplayResult Replay, double TrueTakeRate);

public sealed record ArtworkResult(ArtworkOptions Options, int Variants, IReadOnlyList<ArtworkOutcome> Online, IReadOnlyList<ArtworkReplay> Replays, TimeSpan Elapsed)
{
    public ArtworkOutcome Outcome(string policy) => Online.First(o => o.Policy == policy);
    public ArtworkReplay ReplayOf(string policy) => Replays.First(r => r.Policy == policy);
}

/// <summary>
/// The offline evaluation of personalized artwork on an <see cref="ArtworkPopulation"/>.
/// Online: every policy faces the same stream of (member, title) impressions and the same uniform draw decides each
/// play (common random numbers), so differences come from the images chosen. Replay: impressions logged with uniformly
/// random artwork; the A/B winner and the bandit are trained on the first half and judged on the second by
/// <see cref="ReplayEvaluator"/>, next to the true expected take rate of their choices on those same impressions.
/// </summary>
public static class ArtworkBenchmark
{
    public const string Random = "random artwork";
    public const string GlobalBest = "global best image per title (A/B)";
    public const string Personalized = "personalized (contextual bandit)";
    public const string HistoryOnly = "personalized, viewing history only";
    public const string Oracle = "best image for each member (bound)";

    public static ArtworkResult Run(ArtworkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress.WriteLine($"artwork: {options.Titles} titles, {options.Members} members with hidden tastes ...");
        var population = new ArtworkPopulation(options.Titles, options.Members, new System.Random(options.Seed));
        var online = Online(population, options, progress, cancellationToken);
        var replays = Replay(population, options, progress, cancellationToken);
        return new ArtworkResult(options, population.Titles.Sum(t => t.Variants.Length), online, replays, clock.Elapsed);
    }

    private static List<ArtworkOutcome> Online(ArtworkPopulation population, ArtworkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"artwork: {options.Impressions:N0} online impressions for each policy ...");
        var stream = new System.Random(options.Seed + 1);
        var choices = new System.Random(options.Seed + 2);
        var abTest = new ArtworkAbTest(options.ExplorePerTitle);
        var bandit = new ArtworkBandit(options.Epsilon, options.LearningRate);
        var historyOnly = new ArtworkBandit(options.Epsilon, options.LearningRate);
        var names = new[] { Random, GlobalBest, HistoryOnly, Personalized, Oracle };
        var plays = new long[names.Length];
        var latePlays = new long[names.Length];
        var expected = new double[names.Length];
        var lateFrom = options.Impressions - options.Impressions / 4;
        var chosen = new int[names.Length];
        for (var i = 0; i < options.Impressions; i++)
        {
            if (i % 65536 == 0) cancellationToken.ThrowIfCancellationRequested();
            var member = population.Members[stream.Next(population.Members.Count)];
            var title = population.Titles[stream.Next(population.Titles.Count)];
            var u = stream.NextDouble();
            var variants = title.Variants;

            chosen[0] = choices.Next(variants.Length);
            chosen[1] = abTest.Choose(title.TitleId, variants, choices);
            chosen[2] = Array.IndexOf(variants, historyOnly.Choose(member.Anonymous, variants, choices).Variant);
            chosen[3] = Array.IndexOf(variants, bandit.Choose(member.Tastes, variants, choices).Variant);
            chosen[4] = 0;
            for (var v = 1; v < variants.Length; v++)
            {
                if (ArtworkPopulation.TakeProbability(member, title, v) > ArtworkPopulation.TakeProbability(member, title, chosen[4])) chosen[4] = v;
            }

            for (var p = 0; p < names.Length; p++)
            {
                var probability = ArtworkPopulation.TakeProbability(member, title, chosen[p]);
                expected[p] += probability;
                var played = u < probability;
                if (!played) continue;
                plays[p]++;
                if (i >= lateFrom) latePlays[p]++;
            }
            abTest.Learn(title.TitleId, variants.Length, chosen[1], u < ArtworkPopulation.TakeProbability(member, title, chosen[1]));
            historyOnly.Learn(member.Anonymous, variants[chosen[2]], u < ArtworkPopulation.TakeProbability(member, title, chosen[2]));
            bandit.Learn(member.Tastes, variants[chosen[3]], u < ArtworkPopulation.TakeProbability(member, title, chosen[3]));
        }
        return [.. names.Select((name, p) => new ArtworkOutcome(name, options.Impressions, plays[p], options.Impressions - lateFrom, latePlays[p], expected[p] / options.Impressions))];
    }

    private static List<ArtworkReplay> Replay(ArtworkPopulation population, ArtworkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"artwork: replay on {options.Logged:N0} impressions logged with random artwork (half to train, half to judge) ...");
        var random = new System.Random(options.Seed + 3);
        var log = new List<(LoggedImpression Impression, ArtworkMember Member, ArtworkTitle Title)>(options.Logged);
        for (var i = 0; i < options.Logged; i++)
        {
            var member = population.Members[random.Next(population.Members.Count)];
            var title = population.Titles[random.Next(population.Titles.Count)];
            var shown = random.Next(title.Variants.Length);
            var played = random.NextDouble() < ArtworkPopulation.TakeProbability(member, title, shown);
            log.Add((new LoggedImpression(title.TitleId, member.Tastes, title.Variants, title.Variants[shown].Uri, played), member, title));
        }
        var train = log.Take(options.Logged / 2).ToList();
        var test = log.Skip(options.Logged / 2).ToList();

        // The A/B winner from the training half; the bandit learns from the same impressions (off-policy: the log is uniform).
        var shownCounts = population.Titles.ToDictionary(t => t.TitleId, t => (Shown: new int[t.Variants.Length], Played: new int[t.Variants.Length]));
        var bandit = new ArtworkBandit(options.Epsilon, options.LearningRate);
        var historyOnly = new ArtworkBandit(options.Epsilon, options.LearningRate);
        foreach (var (impression, member, title) in train)
        {
            var index = Array.FindIndex(title.Variants, v => v.Uri == impression.ShownUri);
            shownCounts[title.TitleId].Shown[index]++;
            if (impression.Played) shownCounts[title.TitleId].Played[index]++;
            bandit.Learn(impression.Tastes, title.Variants[index], impression.Played);
            historyOnly.Learn(member.Anonymous, title.Variants[index], impression.Played);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var winners = shownCounts.ToDictionary(kv => kv.Key, kv => ArtworkAbTest.Best(kv.Value.Shown, kv.Value.Played));

        var byImpression = new Dictionary<LoggedImpression, (ArtworkMember Member, ArtworkTitle Title)>(ReferenceEqualityComparer.Instance);
        foreach (var t in test) byImpression[t.Impression] = (t.Member, t.Title);
        var judge = new System.Random(options.Seed + 4);
        var policies = new (string Name, Func<LoggedImpression, int> Pick)[]
        {
            (Random, i => judge.Next(i.Variants.Count)),
            (GlobalBest, i => winners[i.TitleId]),
            (HistoryOnly, i => IndexOf(i.Variants, historyOnly.Best(byImpression[i].Member.Anonymous, i.Variants))),
            (Personalized, i => IndexOf(i.Variants, bandit.Best(i.Tastes, i.Variants))),
        };
        var results = new List<ArtworkReplay>();
        foreach (var (name, pick) in policies)
        {
            var truth = 0.0;
            var replay = ReplayEvaluator.Evaluate(test.Select(t => t.Impression), impression =>
            {
                var index = pick(impression);
                var (member, title) = byImpression[impression];
                truth += ArtworkPopulation.TakeProbability(member, title, index);
                return impression.Variants[index];
            });
            results.Add(new ArtworkReplay(name, replay, truth / test.Count));
        }
        return results;
    }

    private static int IndexOf(IReadOnlyList<Orleans.Netflix.Catalog.ArtworkVariant> variants, Orleans.Netflix.Catalog.ArtworkVariant variant)
    {
        for (var i = 0; i < variants.Count; i++) if (ReferenceEquals(variants[i], variant)) return i;
        return -1;
    }
}
