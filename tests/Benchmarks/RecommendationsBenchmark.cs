using System.Diagnostics;
using Orleans.Netflix.Grains.Personalization.Recommendations;

namespace Orleans.Netflix.Benchmarks;

public sealed record RecommenderOutcome(string Name, double Recall, double Ndcg, double Coverage, double DistinctLists, TimeSpan Training, double MicrosecondsPerList);

public sealed record RecommendationsResult(RecommendationsOptions Options, int Genres, int MicroGenres, long TrainPlays, long HeldOutPlays, long NeighboursKept, IReadOnlyList<RecommenderOutcome> Outcomes)
{
    public const string ItemItem = "item-item cosine";
    public const string Als = "implicit ALS (matrix factorization)";

    public RecommenderOutcome Popularity => Outcomes[0];

    public RecommenderOutcome Outcome(string name) => Outcomes.First(o => o.Name == name);

    /// <summary>A model's recall@K over overall popularity's.</summary>
    public double RecallRatio(string name) => Popularity.Recall > 0 ? Outcome(name).Recall / Popularity.Recall : double.PositiveInfinity;
}

/// <summary>
/// Offline evaluation of the recommendation models on a <see cref="RecommendationsPopulation"/>: each member's last plays
/// held out, the models trained on the rest, and every member's top K (played titles excluded) scored against what was held out:
/// recall@K and NDCG@K, averaged over members; also the share of the catalog that appears in any list and the share of members
/// whose list is unlike every other member's.
/// </summary>
public static class RecommendationsBenchmark
{
    public static RecommendationsResult Run(RecommendationsOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"simulating {options.Members} members over {options.Titles} titles ...");
        var population = new RecommendationsPopulation(options);

        var feedback = new ImplicitFeedback(population.TitleIds);
        var heldOut = new HashSet<string>[population.MemberIds.Length];
        long trainPlays = 0, heldOutPlays = 0;
        for (var m = 0; m < population.MemberIds.Length; m++)
        {
            var plays = population.Plays[m];
            var held = Math.Clamp((int)Math.Round(plays.Length * options.Holdout), 1, plays.Length - 1);
            foreach (var title in plays[..^held]) feedback.Add(population.MemberIds[m], title);
            heldOut[m] = new HashSet<string>(plays[^held..], StringComparer.Ordinal);
            trainPlays += plays.Length - held;
            heldOutPlays += held;
        }
        var regions = population.MemberIds.Select((id, m) => (id, Country: population.Countries[m]))
            .GroupBy(x => x.Country, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(x => x.id).ToArray(), StringComparer.Ordinal);

        progress.WriteLine("training popularity ...");
        var clock = Stopwatch.StartNew();
        var popularity = PopularityModel.Train(feedback, regions);
        var popularityTraining = clock.Elapsed;

        progress.WriteLine($"training item-item ({options.Neighbours} neighbours, shrinkage {options.Shrinkage}) ...");
        clock.Restart();
        var model = ItemItemModel.Train(feedback, new ItemItemOptions(options.Neighbours, options.Shrinkage), regions);
        var modelTraining = clock.Elapsed;

        progress.WriteLine($"training implicit ALS ({options.Factors} factors, {options.Iterations} iterations, alpha {options.Alpha}, lambda {options.Lambda}) ...");
        clock.Restart();
        var als = ImplicitAlsModel.Train(feedback, new ImplicitAlsOptions(options.Factors, options.Iterations, options.Alpha, options.Lambda, options.Seed), regions);
        var alsTraining = clock.Elapsed;

        var outcomes = new List<RecommenderOutcome>
        {
            Evaluate("popularity (overall)", popularityTraining, (history, _) => popularity.Recommend(history, options.K)),
            Evaluate("popularity (member's country)", popularityTraining, (history, m) => popularity.Recommend(history, options.K, population.Countries[m])),
            Evaluate(RecommendationsResult.ItemItem, modelTraining, (history, m) => model.Recommend(history, options.K, population.Countries[m])),
            Evaluate(RecommendationsResult.Als, alsTraining, (history, m) => als.Recommend(history, options.K, population.Countries[m])),
        };
        return new RecommendationsResult(options, population.GenreCount, population.MicroGenreCount, trainPlays, heldOutPlays, model.Neighbours.Size, outcomes);

        RecommenderOutcome Evaluate(string name, TimeSpan training, Func<IReadOnlyDictionary<string, int>, int, IReadOnlyList<Recommendation>> recommend)
        {
            progress.WriteLine($"scoring {name} ...");
            double recall = 0, ndcg = 0, listTicks = 0;
            var shown = new HashSet<string>(StringComparer.Ordinal);
            var lists = new HashSet<string>(StringComparer.Ordinal);
            for (var m = 0; m < population.MemberIds.Length; m++)
            {
                if (m % 1000 == 0) cancellationToken.ThrowIfCancellationRequested();
                var history = feedback.History(population.MemberIds[m]);
                var started = Stopwatch.GetTimestamp();
                var list = recommend(history, m).Select(r => r.TitleId).ToArray();
                listTicks += Stopwatch.GetTimestamp() - started;
                if (list.Any(history.ContainsKey)) throw new InvalidOperationException($"{name} recommended a title {population.MemberIds[m]} already played");
                recall += RankingMetrics.RecallAt(options.K, list, heldOut[m]);
                ndcg += RankingMetrics.NdcgAt(options.K, list, heldOut[m]);
                shown.UnionWith(list);
                lists.Add(string.Join(',', list.Order(StringComparer.Ordinal)));
            }
            var members = population.MemberIds.Length;
            return new RecommenderOutcome(name, recall / members, ndcg / members, (double)shown.Count / population.TitleIds.Length,
                (double)lists.Count / members, training, listTicks / Stopwatch.Frequency * 1e6 / members);
        }
    }
}
