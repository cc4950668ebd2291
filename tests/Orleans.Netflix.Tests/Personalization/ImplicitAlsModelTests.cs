using Orleans.Netflix.Grains.Personalization.Recommendations;

namespace Orleans.Netflix.Tests.Personalization;

public sealed class ImplicitAlsModelTests
{
    // A planted block structure: 8 blocks of 15 titles and 5 blockbusters; 40 members per block each play 6 titles of
    // their block (the last 2 held out) and 2 blockbusters, which are therefore what popularity puts first.
    private const int Blocks = 8;
    private const int BlockSize = 15;

    private static string Title(int block, int i) => $"b{block}-{i:D2}";

    private static (ImplicitFeedback Train, List<(Dictionary<string, int> History, HashSet<string> HeldOut)> Members) Planted()
    {
        var random = new Random(3);
        var catalog = Enumerable.Range(0, Blocks).SelectMany(b => Enumerable.Range(0, BlockSize).Select(i => Title(b, i)))
            .Concat(Enumerable.Range(1, 5).Select(h => $"hit-{h}"));
        var train = new ImplicitFeedback(catalog);
        var members = new List<(Dictionary<string, int>, HashSet<string>)>();
        for (var b = 0; b < Blocks; b++)
        {
            for (var m = 0; m < 40; m++)
            {
                var id = $"m-{b}-{m:D2}";
                var picks = Enumerable.Range(0, BlockSize).OrderBy(_ => random.Next()).Take(6).Select(i => Title(b, i)).ToArray();
                var history = picks[..4].Concat([$"hit-{1 + random.Next(5)}", $"hit-{1 + random.Next(5)}"]).Distinct().ToDictionary(t => t, _ => 1);
                foreach (var title in history.Keys) train.Add(id, title);
                members.Add((history, [.. picks[4..]]));
            }
        }
        return (train, members);
    }

    private static readonly ImplicitAlsOptions Small = new(Factors: 12, Iterations: 8, Alpha: 10, Lambda: 0.5, Seed: 5);

    [Fact]
    public void Recovers_a_planted_block_structure_far_better_than_popularity()
    {
        var (train, members) = Planted();
        var als = ImplicitAlsModel.Train(train, Small);
        var popularity = PopularityModel.Train(train);

        double Recall(ITitleRecommender model) => members.Average(m =>
            RankingMetrics.RecallAt(10, [.. model.Recommend(m.History, 10).Select(r => r.TitleId)], m.HeldOut));

        var alsRecall = Recall(als);
        var popularityRecall = Recall(popularity);
        // Ten slots: the rest of the member's block (11 titles) holds both held-out titles; popularity lists the blockbusters
        // and then titles by play count, which rarely are the member's block.
        Assert.True(alsRecall > 0.6, $"ALS recall@10 {alsRecall:0.000}");
        Assert.True(alsRecall > 3 * popularityRecall, $"ALS {alsRecall:0.000} vs popularity {popularityRecall:0.000}");
    }

    [Fact]
    public void Same_seed_same_model_and_lists()
    {
        var (train, members) = Planted();
        var first = ImplicitAlsModel.Train(train, Small);
        var second = ImplicitAlsModel.Train(train, Small);
        Assert.Equal(first.TitleVector("b3-07"), second.TitleVector("b3-07"));
        foreach (var (history, _) in members.Take(20)) Assert.Equal(first.Recommend(history, 10), second.Recommend(history, 10));
        Assert.NotEqual(first.TitleVector("b3-07"), ImplicitAlsModel.Train(train, Small with { Seed = 6 }).TitleVector("b3-07"));
    }

    [Fact]
    public void Never_recommends_a_played_title_and_falls_back_to_popularity()
    {
        var (train, members) = Planted();
        var als = ImplicitAlsModel.Train(train, Small);
        var (history, _) = members[0];
        var list = als.Recommend(history, 200);
        Assert.Equal(Blocks * BlockSize + 5 - history.Count, list.Count);
        Assert.DoesNotContain(list, r => history.ContainsKey(r.TitleId));
        Assert.Equal(list.Count, list.Select(r => r.TitleId).Distinct().Count());

        // No history the model knows: what is popular (the blockbusters first).
        var cold = als.Recommend(new Dictionary<string, int> { ["not-in-the-catalog"] = 1 }, 5);
        Assert.All(cold, r => Assert.StartsWith("hit-", r.TitleId));
        Assert.Empty(als.TitleVector("not-in-the-catalog"));
        Assert.Equal(12, als.TitleVector("hit-1").Length);
    }
}
