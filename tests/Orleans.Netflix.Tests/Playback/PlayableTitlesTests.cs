using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Catalog;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>The silo's copy of playable titles that every press of play reads.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PlayableTitlesTests(ClusterFixture fixture)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task APlayableTitle_AnswersFromTheCopy_UntilCacheForHasPassed_ThenIsReadAgain()
    {
        var id = await PlayableTitleAsync(MaturityRating.Age13);
        var time = new SteppedTime();
        var titles = Cache(time, CacheFor);

        var first = await titles.GetAsync(id);
        Assert.Equal(MaturityRating.Age13, first.Title?.Metadata.Maturity);
        Assert.Equal($"titles/{id}/job-1/master.m3u8", first.Assets?.MasterPlaylist);
        var asks = await Task.WhenAll(titles.GetAsync(id), titles.GetAsync(id));
        Assert.Same(first, asks[0]); // asks within the period share one read
        Assert.Same(first, asks[1]);

        await Rerate(id, MaturityRating.Age18);
        await Publish(id, "job-2");
        time.Advance(CacheFor - TimeSpan.FromMilliseconds(1));
        Assert.Equal(MaturityRating.Age13, (await titles.GetAsync(id)).Title?.Metadata.Maturity);
        Assert.Equal($"titles/{id}/job-1/master.m3u8", await titles.MasterPlaylistAsync(id));

        time.Advance(TimeSpan.FromMilliseconds(1));
        var reread = await titles.GetAsync(id);
        Assert.Equal(MaturityRating.Age18, reread.Title?.Metadata.Maturity);
        Assert.Equal($"titles/{id}/job-2/master.m3u8", reread.Assets?.MasterPlaylist);
        Assert.Equal($"titles/{id}/job-2/master.m3u8", await titles.MasterPlaylistAsync(id));
    }

    [Fact]
    public async Task AnUnknownOrUnplayableTitle_IsReadOnEveryAsk_SoItPlaysTheMomentItIsPublished()
    {
        var id = $"t-{Guid.NewGuid():N}"[..12];
        var titles = Cache(new SteppedTime(), CacheFor);
        Assert.Null((await titles.GetAsync(id)).Title);

        await Rerate(id, MaturityRating.Age13);
        var notReady = await titles.GetAsync(id);
        Assert.Equal(TitleAvailability.ComingSoon, notReady.Title?.Availability);
        Assert.Null(notReady.Assets);
        Assert.Null(await titles.MasterPlaylistAsync(id));

        await Publish(id, "job-1");
        await fixture.Client.GetGrain<ITitleGrain>(id).SetAvailability(TitleAvailability.Playable);
        Assert.NotNull((await titles.GetAsync(id)).Assets); // no time has passed
    }

    [Fact]
    public async Task WithNoCachePeriod_EveryAskReadsTheGrains()
    {
        var id = await PlayableTitleAsync(MaturityRating.Age13);
        var titles = Cache(new SteppedTime(), TimeSpan.Zero);
        Assert.Equal(MaturityRating.Age13, (await titles.GetAsync(id)).Title?.Metadata.Maturity);
        await Rerate(id, MaturityRating.Age16);
        Assert.Equal(MaturityRating.Age16, (await titles.GetAsync(id)).Title?.Metadata.Maturity);
    }

    /// <summary>The copy as the silo sets it up (AddHybridCache), its in-memory cache on <paramref name="time"/>.</summary>
    private PlayableTitles Cache(SteppedTime time, TimeSpan cacheFor)
    {
        var services = new ServiceCollection();
        services.AddMemoryCache(o => o.Clock = time);
        services.AddHybridCache();
        var cache = services.BuildServiceProvider().GetRequiredService<HybridCache>();
        return new(fixture.Client, new SiloRegion("us-east"), Options.Create(new PlayableTitlesOptions { CacheFor = cacheFor }), cache);
    }

    private async Task<string> PlayableTitleAsync(MaturityRating maturity)
    {
        var id = $"t-{Guid.NewGuid():N}"[..12];
        await Rerate(id, maturity);
        await Publish(id, "job-1");
        await fixture.Client.GetGrain<ITitleGrain>(id).SetAvailability(TitleAvailability.Playable);
        return id;
    }

    private Task Rerate(string id, MaturityRating maturity) => fixture.Client.GetGrain<ITitleGrain>(id)
        .Upsert(new TitleMetadata("Cached", "", 2026, ["Drama"], [], maturity, TimeSpan.FromMinutes(90)), [], 1);

    private Task Publish(string id, string job)
    {
        var folder = $"titles/{id}/{job}/";
        var rendition = new Rendition("360p", 640, 360, 800);
        return fixture.Client.GetGrain<ITitleAssetsGrain>(id).Publish(new TitleAssets(id, job, folder + "master.m3u8",
            [new VideoTrack(rendition, "video-360p/index.m3u8", 880_000, 800_000, "avc1.64001f", 25)], [], [],
            [new AssetFile(folder + "master.m3u8", 100, 0, new string('0', 64))], DateTimeOffset.UtcNow));
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class SteppedTime : ISystemClock
    {
        public DateTimeOffset UtcNow { get; private set; } = DateTimeOffset.Parse("2026-12-06T10:00:00Z");

        public void Advance(TimeSpan by) => UtcNow += by;
    }
}
