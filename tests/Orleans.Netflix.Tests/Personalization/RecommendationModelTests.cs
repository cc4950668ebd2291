using Orleans.Netflix.Grains.Personalization.Recommendations;

namespace Orleans.Netflix.Tests.Personalization;

public sealed class RecommendationModelTests
{
    // A planted structure: 60 titles in three genres of 20 (a-00..a-19, b-.., c-..); 30 fans of each genre who play
    // 8 titles of their genre, plus one of three "blockbusters" everybody plays. Played lists are deterministic.
    private static readonly string[] Genres = ["a", "b", "c"];

    private static string Title(string genre, int i) => $"{genre}-{i:D2}";

    private static (ImplicitFeedback Feedback, Dictionary<string, string> GenreOfMember) Planted()
    {
        var random = new Random(7);
        var catalog = Genres.SelectMany(g => Enumerable.Range(0, 20).Select(i => Title(g, i))).Concat(["hit-1", "hit-2", "hit-3"]);
        var feedback = new ImplicitFeedback(catalog);
        var genreOfMember = new Dictionary<string, string>();
        foreach (var genre in Genres)
        {
            for (var m = 0; m < 30; m++)
            {
                var member = $"{genre}-fan-{m:D2}";
                genreOfMember[member] = genre;
                foreach (var i in Enumerable.Range(0, 20).OrderBy(_ => random.Next()).Take(8)) feedback.Add(member, Title(genre, i));
                feedback.Add(member, $"hit-{1 + m % 3}", plays: 1 + m % 4);
            }
        }
        return (feedback, genreOfMember);
    }

    private static Dictionary<string, int> Played(params string[] titles) => titles.ToDictionary(t => t, _ => 1);

    [Fact]
    public void FansOfAGenre_AreRecommendedThatGenre()
    {
        var model = ItemItemModel.Train(Planted().Feedback, new ItemItemOptions(Neighbours: 10, Shrinkage: 2));

        foreach (var genre in Genres)
        {
            var list = model.Recommend(Played(Title(genre, 0), Title(genre, 1), Title(genre, 2)), 10);
            Assert.Equal(10, list.Count);
            Assert.All(list, r => Assert.StartsWith($"{genre}-", r.TitleId));
        }
    }

    [Fact]
    public void TheModel_RecoversThePlantedNeighbours()
    {
        var model = ItemItemModel.Train(Planted().Feedback, new ItemItemOptions(Neighbours: 10, Shrinkage: 2));

        foreach (var genre in Genres)
        {
            var similar = model.SimilarTo(Title(genre, 5), 10);
            Assert.Equal(10, similar.Count);
            Assert.All(similar, r => Assert.StartsWith($"{genre}-", r.TitleId));
            Assert.True(similar.Zip(similar.Skip(1)).All(p => p.First.Score >= p.Second.Score), "most similar first");
        }
        Assert.Empty(model.SimilarTo("not-in-the-catalog", 10));
    }

    [Fact]
    public void MembersWithDifferentHistories_GetDifferentLists()
    {
        var model = ItemItemModel.Train(Planted().Feedback);

        var first = model.Recommend(Played("a-00", "a-03"), 10).Select(r => r.TitleId);
        var second = model.Recommend(Played("b-00", "b-03"), 10).Select(r => r.TitleId);
        var third = model.Recommend(Played("a-00", "a-07", "a-11"), 10).Select(r => r.TitleId);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void PlayedTitles_AreNeverRecommended_EvenWhenTheListRunsPastTheModel()
    {
        var (feedback, _) = Planted();
        var model = ItemItemModel.Train(feedback, new ItemItemOptions(Neighbours: 5));
        var played = Played("a-00", "a-01", "hit-1", "c-19", "unknown-title");

        var list = model.Recommend(played, 59); // the whole catalog less the 4 played: more than the neighbours reach, the rest from popularity

        Assert.Equal(59, list.Count);
        Assert.DoesNotContain(list, r => played.ContainsKey(r.TitleId));
        Assert.Equal(list.Count, list.Select(r => r.TitleId).Distinct().Count());
        Assert.DoesNotContain(PopularityModel.Train(feedback).Recommend(played, 59), r => played.ContainsKey(r.TitleId));
    }

    [Fact]
    public void AColdStartMember_GetsWhatIsPopular_InTheirRegionWhenKnown()
    {
        var (feedback, genreOfMember) = Planted();
        var regions = Genres.ToDictionary(g => $"region-{g}",
            g => (IReadOnlyCollection<string>)genreOfMember.Where(x => x.Value == g).Select(x => x.Key).ToArray());
        var model = ItemItemModel.Train(feedback, membersByRegion: regions);
        var popularity = PopularityModel.Train(feedback, regions);

        var overall = model.Recommend(Played(), 5);
        Assert.Equal(popularity.Recommend(Played(), 5), overall);
        Assert.Equal(["hit-1", "hit-2", "hit-3"], overall.Take(3).Select(r => r.TitleId)); // 30 members each, ties by id

        var inRegionB = model.Recommend(Played(), 5, "region-b").Select(r => r.TitleId).ToArray();
        // In region b a b title (about 12 of its 30 members each) beats a blockbuster (10 each there, 30 overall).
        Assert.All(inRegionB, t => Assert.StartsWith("b-", t));

        // Only titles the model never saw count as no history.
        Assert.Equal(overall, model.Recommend(Played("brand-new-title"), 5));
    }

    [Fact]
    public void TheSameData_GivesTheSameLists()
    {
        var a = ItemItemModel.Train(Planted().Feedback);
        var b = ItemItemModel.Train(Planted().Feedback);

        Assert.Equal(a.Recommend(Played("a-02", "c-04"), 20), b.Recommend(Played("a-02", "c-04"), 20));
    }

    [Fact]
    public void RecallAndNdcg_OnAHandMadeExample()
    {
        string[] ranked = ["x", "h1", "y", "h2", "z"];
        var heldOut = new HashSet<string> { "h1", "h2", "h3", "h4" };

        Assert.Equal(0.5, RankingMetrics.RecallAt(5, ranked, heldOut), 12);   // 2 of 4 found
        Assert.Equal(0.25, RankingMetrics.RecallAt(2, ranked, heldOut), 12);  // only h1 within the first 2
        Assert.Equal(0.0, RankingMetrics.RecallAt(1, ranked, heldOut), 12);
        Assert.Equal(0.0, RankingMetrics.RecallAt(5, ranked, new HashSet<string>()), 12);

        // hits at ranks 2 and 4: 1/log2(3) + 1/log2(5); ideal, 4 hits at ranks 1-4: 1 + 1/log2(3) + 1/2 + 1/log2(5)
        var dcg = 1 / Math.Log2(3) + 1 / Math.Log2(5);
        var ideal = 1 + 1 / Math.Log2(3) + 0.5 + 1 / Math.Log2(5);
        Assert.Equal(dcg / ideal, RankingMetrics.NdcgAt(5, ranked, heldOut), 12);
        Assert.Equal(1.0, RankingMetrics.NdcgAt(2, ["h1", "h2"], heldOut), 12); // perfect for k = 2
    }

    [Fact]
    public void PlayCounts_WeighARewatchMoreThanOnePlay()
    {
        var model = ItemItemModel.Train(Planted().Feedback, new ItemItemOptions(Neighbours: 10, Shrinkage: 2));

        var leansA = model.Recommend(new Dictionary<string, int> { ["a-00"] = 5, ["b-00"] = 1 }, 1);
        var leansB = model.Recommend(new Dictionary<string, int> { ["a-00"] = 1, ["b-00"] = 5 }, 1);

        Assert.StartsWith("a-", leansA[0].TitleId);
        Assert.StartsWith("b-", leansB[0].TitleId);
    }
}
