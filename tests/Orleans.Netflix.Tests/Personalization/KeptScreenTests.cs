using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Grains.Personalization;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Grains.Personalization.Browse;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;
using Orleans.Netflix.Tests.Infrastructure;
using static Orleans.Netflix.Tests.Personalization.ArtworkTitles;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary>
/// Kept home screens (<see cref="BrowseOptions.KeepScreens"/>: rows kept per member, artwork drawn on the silo from copies of the
/// titles' models, impressions sent in batches) against the path before (a grain call per title), on two silos: the same rows,
/// every image shown learnt once by its title's bandit and every play that follows taken, the same impressions in the log, and a
/// member's play, rating or viewing on the very next screen.
/// </summary>
public sealed class KeptScreenTests(KeptScreenClusterFixture fixture) : IClassFixture<KeptScreenClusterFixture>
{
    private static readonly string[] CatalogTitles = [.. Enumerable.Range(0, KeptScreenClusterFixture.Titles).Select(CatalogGenerator.TitleId)];

    private IRecommendationsGrain Home(string memberId) => fixture.Client.GetGrain<IRecommendationsGrain>(memberId);

    private IArtworkGrain Artwork(string titleId) => fixture.Client.GetGrain<IArtworkGrain>(titleId);

    private long ImpressionsBatched => fixture.Silos.Sum(s => s.GetRequiredService<ArtworkChooser>().ImpressionsShown);

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 10)]
    public async Task EveryImageShown_IsLearntOnceByItsBandit_AndThePlaysThatFollowAreTaken_OnBothPaths(bool keep, int firstMember)
    {
        fixture.UseKeptScreens(keep);
        var members = Enumerable.Range(firstMember, 8).Select(CatalogGenerator.MemberId).ToArray();
        // Whatever earlier tests showed is learnt first, so the counts below move only by what this test shows.
        await AllLearntAsync(CatalogTitles);
        var learntBefore = await LearntAsync(CatalogTitles);
        var loggedBefore = await LoggedAsync(CatalogTitles);
        var batchedBefore = ImpressionsBatched;

        // Three screens per member: each re-render replaces the member's impression of a title, so only the last one is learnt.
        var lastShown = new Dictionary<(string Member, string Title), string>();
        var timesShown = new Dictionary<(string Title, string Artwork), long>();
        var shown = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var member in members)
            {
                var screen = await Home(member).Browse();
                Assert.InRange(screen.TitleCount, 40, 50);
                foreach (var item in screen.Rows.SelectMany(r => r.Items))
                {
                    Assert.NotEqual("", item.ArtworkId);
                    lastShown[(member, item.TitleId)] = item.ArtworkId;
                    timesShown[(item.TitleId, item.ArtworkId)] = timesShown.GetValueOrDefault((item.TitleId, item.ArtworkId)) + 1;
                    shown++;
                }
            }
        }
        // Four members start a title from their screen (as the analytics stream reports a play start); one starts one at a time
        // before any of these screens, which no impression may take.
        var plays = members.Take(4).Select((m, i) => (Member: m, Title: lastShown.Keys.Where(k => k.Member == m).ElementAt(5 + i).Title)).ToArray();
        foreach (var (member, title) in plays) await Artwork(title).RecordPlay(member, DateTimeOffset.UtcNow);
        var earlyTitle = lastShown.Keys.First(k => k.Member == members[4]).Title;
        await Artwork(earlyTitle).RecordPlay(members[4], DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));

        var titles = lastShown.Keys.Select(k => k.Title).Distinct().ToArray();
        await AllLearntAsync(titles);
        var learntAfter = await LearntAsync(titles);
        foreach (var title in titles)
        {
            var expectedLearnt = lastShown.Where(kv => kv.Key.Title == title).GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => (long)g.Count());
            var expectedTaken = plays.Where(p => p.Title == title).GroupBy(p => lastShown[p]).ToDictionary(g => g.Key, g => (long)g.Count());
            foreach (var artwork in learntAfter[title].Learned.Keys)
            {
                Assert.True(expectedLearnt.GetValueOrDefault(artwork) == learntAfter[title].Learned[artwork] - learntBefore[title].Learned.GetValueOrDefault(artwork),
                    $"{title} {artwork}: learnt {learntAfter[title].Learned[artwork] - learntBefore[title].Learned.GetValueOrDefault(artwork)}, shown last {expectedLearnt.GetValueOrDefault(artwork)}");
                Assert.True(expectedTaken.GetValueOrDefault(artwork) == learntAfter[title].Taken[artwork] - learntBefore[title].Taken.GetValueOrDefault(artwork),
                    $"{title} {artwork}: taken {learntAfter[title].Taken[artwork] - learntBefore[title].Taken.GetValueOrDefault(artwork)}, played {expectedTaken.GetValueOrDefault(artwork)}");
            }
        }

        // Every title on every screen is in the log once, with the image shown.
        await Eventually.TrueAsync(async () =>
        {
            await fixture.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main).Flush();
            var logged = await LoggedAsync(titles);
            return timesShown.All(kv => logged[kv.Key.Title].GetValueOrDefault(kv.Key.Artwork) - loggedBefore[kv.Key.Title].GetValueOrDefault(kv.Key.Artwork) == kv.Value);
        });
        // The kept path chose the images on the silos and sent them in batches; the path before asked the grains itself.
        Assert.Equal(keep ? shown : 0, ImpressionsBatched - batchedBefore);
    }

    [Fact]
    public async Task KeptScreens_HaveTheRowsOfScreensLaidOutAnew()
    {
        var members = Enumerable.Range(20, 6).Select(CatalogGenerator.MemberId).ToArray();
        fixture.UseKeptScreens(false);
        var rebuilt = await Task.WhenAll(members.Select(m => Home(m).Browse()));
        fixture.UseKeptScreens(true);
        var kept = await Task.WhenAll(members.Select(m => Home(m).Browse()));
        var keptAgain = await Task.WhenAll(members.Select(m => Home(m).Browse()));

        for (var i = 0; i < members.Length; i++)
        {
            Assert.Equal(Layout(rebuilt[i]), Layout(kept[i]));
            Assert.Equal(Layout(kept[i]), Layout(keptAgain[i]));
            Assert.Equal(rebuilt[i].Region, kept[i].Region);
        }
        static string[] Layout(BrowseScreen screen) =>
            [.. screen.Rows.Select(r => $"{r.Kind}|{r.Title}|" + string.Join(",", r.Items.Select(i => $"{i.TitleId}:{i.Name}:{i.Score:R}:{i.ResumeAt}")))];
    }

    [Fact]
    public async Task AKeptScreen_ChangesAtOnce_WithAPlay_AThumbsDown_AndAViewing()
    {
        fixture.UseKeptScreens(true);
        var memberId = CatalogGenerator.MemberId(30);
        var member = fixture.Client.GetGrain<IMemberGrain>(memberId);
        var first = await Home(memberId).Browse();
        var titles = first.Rows.Where(r => r.Kind != BrowseRowKind.ContinueWatching).SelectMany(r => r.Items).ToArray();

        // A play leaves a resume point (as the session does): Continue Watching leads the next screen with it.
        var playing = titles[3];
        await member.SetResumePoint(playing.TitleId, TimeSpan.FromMinutes(7));
        var afterPlay = await Home(memberId).Browse();
        Assert.Equal(BrowseRowKind.ContinueWatching, afterPlay.Rows[0].Kind);
        Assert.Equal(playing.TitleId, afterPlay.Rows[0].Items[0].TitleId);
        Assert.Equal(TimeSpan.FromMinutes(7), afterPlay.Rows[0].Items[0].ResumeAt);

        // A thumbs down takes the title off the next screen.
        var disliked = titles[8];
        await member.Rate(disliked.TitleId, Thumb.Down);
        var afterRating = await Home(memberId).Browse();
        Assert.DoesNotContain(afterRating.Rows.SelectMany(r => r.Items), i => i.TitleId == disliked.TitleId);
        Assert.InRange(afterRating.TitleCount, 40, 50);

        // A finished viewing makes it the title the next screen's "Because You Watched" is about.
        var watched = titles[12];
        await member.RecordViewing(new ViewingEvent(watched.TitleId, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(90)));
        var afterViewing = await Home(memberId).Browse();
        Assert.Equal($"Because You Watched {watched.Name}", Assert.Single(afterViewing.Rows, r => r.Kind == BrowseRowKind.BecauseYouWatched).Title);
    }

    [Fact]
    public async Task APlayArrivingBeforeTheImpressionItFollowed_IsStillTaken_AndOneBetweenTwoImpressionsTakesTheFirst()
    {
        var titleId = NewTitleId("held");
        var variants = await ImportAsync(fixture.Client, titleId);
        var artwork = Artwork(titleId);
        var now = DateTimeOffset.UtcNow;
        var tastes = FanOf(Ava);
        // A batch arrives: plays are held from now on. "early" saw the title; "between" saw it, played, and saw it again.
        Assert.NotNull(await artwork.RecordImpressions(new ShownImpressions(
            [new("early", variants[0].ArtworkId, now - TimeSpan.FromSeconds(1), tastes)], Known: null, WantCopy: true)));
        await artwork.RecordPlay("between", now - TimeSpan.FromMilliseconds(500));
        // "late" played before its impression reached the grain (a batch still on its way).
        await artwork.RecordPlay("late", now);
        Assert.Null(await artwork.RecordImpressions(new ShownImpressions(
        [
            new("between", variants[1].ArtworkId, now - TimeSpan.FromSeconds(1), tastes),
            new("late", variants[2].ArtworkId, now - TimeSpan.FromMilliseconds(200), tastes),
            new("between", variants[2].ArtworkId, now, tastes),
        ], Known: null, WantCopy: false)));

        // Once everything is learnt: "between"'s first image and "late"'s were taken; "early"'s and "between"'s second were not.
        await Eventually.TrueAsync(async () => (await artwork.Stats()).Pending == 0);
        var stats = await artwork.Stats();
        Assert.Equal([1, 1, 2], variants.Select(v => stats.Learned[v.ArtworkId]));
        Assert.Equal([0, 1, 1], variants.Select(v => stats.Taken[v.ArtworkId]));
    }

    [Fact]
    public async Task APlayBeforeATitlesFirstBatch_IsHeld_AndTakenByTheImageInIt()
    {
        var titleId = NewTitleId("first-batch");
        var variants = await ImportAsync(fixture.Client, titleId);
        var artwork = Artwork(titleId);
        var now = DateTimeOffset.UtcNow;
        // No batch has reached this title's grain yet: a silo just started showing it. The member plays, then the batch
        // with the image they were shown a moment before arrives.
        await artwork.RecordPlay("quick", now);
        await artwork.RecordImpressions(new ShownImpressions(
            [new("quick", variants[1].ArtworkId, now - TimeSpan.FromMilliseconds(300), FanOf(Ava))], Known: null, WantCopy: false));

        await Eventually.TrueAsync(async () => (await artwork.Stats()).Pending == 0);
        var stats = await artwork.Stats();
        Assert.Equal([0, 1, 0], variants.Select(v => stats.Taken.GetValueOrDefault(v.ArtworkId)));
    }

    [Fact]
    public async Task ACopyOfTheModel_GivesTheBanditsOwnPropensities()
    {
        var variants = Variants("t-copy");
        var bandit = new ArtworkBandit(epsilon: 0.2, learningRate: 0.3);
        var ava = FanOf(Ava).ToMemberTastes();
        var liam = FanOf(Liam).ToMemberTastes();
        for (var i = 0; i < 200; i++)
        {
            bandit.Learn(ava, variants[0], played: i % 3 == 0);
            bandit.Learn(liam, variants[1], played: i % 2 == 0);
            bandit.Learn(liam, variants[2], played: false);
        }
        var weights = bandit.Model.Export().Select(w => new ArtworkWeight(w.Name, w.Value, w.Weight)).ToArray();
        var copy = new ArtworkCopy(new ArtworkModelCopy("t-copy", true, default, variants, weights, bandit.Epsilon), DateTimeOffset.UtcNow);

        foreach (var tastes in new[] { ava, liam, MemberTastes.None })
            Assert.Equal(bandit.Propensities(tastes, variants), copy.Propensities(tastes));
        Assert.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0], new ArtworkCopy(new ArtworkModelCopy("t-new", true, default, variants, [], 0.1), DateTimeOffset.UtcNow)
            .Propensities(ava));

        // And the silo's chooser copies a real title's model from its grain.
        var titleId = NewTitleId("copied");
        await ImportAsync(fixture.Client, titleId);
        var chooser = fixture.Silos.First().GetRequiredService<ArtworkChooser>();
        var loaded = await chooser.LoadAsync(titleId);
        Assert.NotNull(loaded);
        Assert.Equal(Variants(titleId).Select(v => v.ArtworkId), loaded.Variants.Select(v => v.ArtworkId));
        Assert.False((await chooser.LoadAsync(NewTitleId("missing")))?.CanChoose ?? false);
    }

    private async Task AllLearntAsync(IReadOnlyList<string> titles) =>
        await Eventually.TrueAsync(async () => (await Task.WhenAll(titles.Select(t => Artwork(t).Stats()))).All(s => s.Pending == 0), seconds: 60);

    private async Task<Dictionary<string, ArtworkModelStats>> LearntAsync(IReadOnlyList<string> titles) =>
        (await Task.WhenAll(titles.Select(t => Artwork(t).Stats()))).ToDictionary(s => s.TitleId);

    private async Task<Dictionary<string, Dictionary<string, long>>> LoggedAsync(IReadOnlyList<string> titles)
    {
        var analytics = fixture.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main);
        var stats = await Task.WhenAll(titles.Select(t => analytics.TitleStats(t)));
        return stats.ToDictionary(s => s.TitleId, s => s.Artwork.ToDictionary(a => a.ArtworkId, a => a.Impressions));
    }
}
