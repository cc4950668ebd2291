using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Personalization.Browse;
using Orleans.Netflix.Grains.Personalization.Recommendations;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Tests.Personalization;

public sealed class BrowseScreenBuilderTests
{
    // 400 titles in four genres (100 each; every fifth is rated 18+), 200 members who each play 10 titles of one genre.
    private static readonly string[] Genres = ["Drama", "Comedy", "Horror", "Anime"];

    private static string TitleId(int i) => $"t-{i:D4}";

    private static TitleSummary Summary(int i) => new(TitleId(i), $"Title {i}", 2000 + i % 20, [Genres[i % Genres.Length]],
        i % 5 == 0 ? MaturityRating.Age18 : MaturityRating.Age13, TimeSpan.FromMinutes(100), 1000.0 / (i + 1), [$"actor-{i % 37}"]);

    private static RecommendationModel Model()
    {
        var catalog = new CatalogSnapshot(Enumerable.Range(0, 400).Select(Summary));
        var feedback = new ImplicitFeedback(catalog.ById.Keys);
        var random = new Random(3);
        for (var m = 0; m < 200; m++)
        {
            var genre = m % Genres.Length;
            for (var k = 0; k < 10; k++) feedback.Add($"m-{m}", TitleId(genre + Genres.Length * random.Next(100)));
        }
        return new RecommendationModel(ItemItemModel.Train(feedback), catalog, 1, DateTimeOffset.UnixEpoch, 2000, 200, TimeSpan.Zero);
    }

    private static MemberView Member(string id, MaturityRating limit, string[] history, ResumePoint[]? resume = null, TitleRating[]? ratings = null) =>
        new(id, new MemberProfile("Ann", "US", "en", limit), PlanTier.Premium, Plans.CapsOf(PlanTier.Premium), [],
            [.. history.Select((t, i) => new ViewingEvent(t, DateTimeOffset.UnixEpoch.AddDays(i), TimeSpan.FromMinutes(90)))],
            resume ?? [], ratings ?? [], 1);

    private static readonly BrowseScreenBuilder Builder = new(new BrowseOptions());

    private static readonly TitlePlays[] Trending = [.. Enumerable.Range(0, 30).Select(i => new TitlePlays(TitleId(399 - i), 100 - i))];

    private static string[] DramaHistory => [.. Enumerable.Range(0, 6).Select(k => TitleId(Genres.Length * (k * 7 + 1)))];

    [Fact]
    public void AMemberWithHistory_GetsPersonalRows_Of40To50DistinctTitles()
    {
        var model = Model();
        var member = Member("m-a", MaturityRating.Age18, DramaHistory);

        var rows = Builder.Build(member, "us-east", model, Trending);

        var titles = rows.SelectMany(r => r.Items).Select(i => i.TitleId).ToList();
        Assert.InRange(titles.Count, 40, 50);
        Assert.Equal(titles.Count, titles.Distinct().Count());
        Assert.DoesNotContain(titles, DramaHistory.Contains);
        var kinds = rows.Select(r => r.Kind).ToList();
        Assert.Equal(BrowseRowKind.TopPicks, kinds[0]);
        Assert.Contains(BrowseRowKind.BecauseYouWatched, kinds);
        Assert.Contains(BrowseRowKind.TrendingInRegion, kinds);
        var because = rows.Single(r => r.Kind == BrowseRowKind.BecauseYouWatched);
        Assert.Equal($"Because You Watched {model.Catalog.ById[DramaHistory[^1]].Name}", because.Title);
        // A Drama fan's top picks are Dramas, and the first genre row is Drama.
        Assert.All(rows[0].Items, i => Assert.Contains("Drama", model.Catalog.ById[i.TitleId].Genres));
        Assert.Equal("Drama", rows.First(r => r.Kind == BrowseRowKind.Genre).Title);
    }

    [Fact]
    public void NothingAboveTheMaturityLimit_NorAThumbsDownTitle()
    {
        var model = Model();
        var disliked = Builder.Build(Member("m-x", MaturityRating.Age13, DramaHistory), "us-east", model, Trending)[0].Items[0].TitleId;
        var member = Member("m-x", MaturityRating.Age13, DramaHistory, ratings: [new TitleRating(disliked, Thumb.Down, DateTimeOffset.UnixEpoch)]);

        var titles = Builder.Build(member, "us-east", model, Trending).SelectMany(r => r.Items).Select(i => i.TitleId).ToList();

        Assert.InRange(titles.Count, 40, 50);
        Assert.All(titles, t => Assert.True(model.Catalog.ById[t].Maturity <= MaturityRating.Age13, $"{t} is above the limit"));
        Assert.DoesNotContain(disliked, titles);
    }

    [Fact]
    public void AMemberWithNoHistory_GetsWhatIsPopularInTheirRegion()
    {
        var model = Model();

        var rows = Builder.Build(Member("m-new", MaturityRating.Age18, []), "eu-west", model, Trending);

        Assert.Equal(BrowseRowKind.Popular, rows[0].Kind);
        Assert.Equal("Popular in eu-west", rows[0].Title);
        Assert.InRange(rows.Sum(r => r.Items.Count), 40, 50);
        Assert.DoesNotContain(rows, r => r.Kind is BrowseRowKind.TopPicks or BrowseRowKind.BecauseYouWatched);
    }

    [Fact]
    public void ContinueWatching_ShowsUnfinishedTitlesOnly_MostRecentFirst()
    {
        var model = Model();
        var resume = new[]
        {
            new ResumePoint(TitleId(10), TimeSpan.FromMinutes(30), DateTimeOffset.UnixEpoch.AddHours(1)),
            new ResumePoint(TitleId(11), TimeSpan.FromMinutes(99), DateTimeOffset.UnixEpoch.AddHours(3)), // 99 of 100 minutes: finished
            new ResumePoint(TitleId(13), TimeSpan.FromMinutes(5), DateTimeOffset.UnixEpoch.AddHours(2)),
        };

        var rows = Builder.Build(Member("m-r", MaturityRating.Age18, DramaHistory, resume), "us-east", model, Trending);

        var continueWatching = rows[0];
        Assert.Equal(BrowseRowKind.ContinueWatching, continueWatching.Kind);
        Assert.Equal([TitleId(13), TitleId(10)], continueWatching.Items.Select(i => i.TitleId));
        Assert.Equal(TimeSpan.FromMinutes(5), continueWatching.Items[0].ResumeAt);
    }

    [Fact]
    public void MembersWithDifferentHistories_GetDifferentScreens()
    {
        var model = Model();
        var screens = new HashSet<string>();
        for (var m = 0; m < 40; m++)
        {
            var history = new[] { TitleId(m * 9 % 400), TitleId((m * 31 + 5) % 400) };
            var rows = Builder.Build(Member($"m-{m}", MaturityRating.Age18, history), "us-east", model, Trending);
            screens.Add(string.Join("|", rows.Select(r => r.Title + ":" + string.Join(",", r.Items.Select(i => i.TitleId)))));
        }
        Assert.Equal(40, screens.Count);
    }
}
