using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Grains.Cdn;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>Steering's plays reach each region's fill planner in batches.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PlayTallyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task CountedPlays_ReachEachRegionsPlanner_OnceEach_WhenFlushed()
    {
        var (east, west) = (Region(), Region());
        using var tally = Tally(TimeSpan.FromHours(1)); // flushed by hand below
        for (var i = 0; i < 3; i++) tally.Count(east, "t-hit");
        tally.Count(east, "t-niche");
        tally.Count(west, "t-niche");
        Assert.Empty(await Planner(east).Popular(10)); // nothing is sent per play

        await tally.FlushAsync();
        // One one-way message per region: neither planner's arrival says anything of the other's.
        await Eventually.TrueAsync(async () => (await Planner(east).Popular(10)).Length == 2 && (await Planner(west).Popular(10)).Length == 1);
        var popular = await Planner(east).Popular(10);
        Assert.Equal(["t-hit", "t-niche"], popular.Select(p => p.TitleId));
        Assert.Equal([3.0, 1.0], popular.Select(p => Math.Round(p.Plays, 3)));
        Assert.Equal(1.0, Math.Round(Assert.Single(await Planner(west).Popular(10)).Plays, 3));

        await tally.FlushAsync(); // counted plays are sent once
        tally.Count(east, "t-niche");
        await tally.FlushAsync();
        await Eventually.TrueAsync(async () => (await Planner(east).Popular(10)).Select(p => Math.Round(p.Plays, 3)).SequenceEqual([3.0, 2.0]));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void APeriodThatIsNotAboveZero_IsRefused_NamingTheSetting(string period)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Netflix:Cdn:PlayTallyEvery"] = period }).Build();
        using var services = new ServiceCollection().AddNetflixCdn(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CdnOptions>>().Value);
        Assert.Contains("Netflix:Cdn:PlayTallyEvery must be above zero", error.Message);
    }

    [Fact]
    public async Task ATallyFlushesOnItsOwn_EveryPeriod()
    {
        var region = Region();
        using var tally = Tally(TimeSpan.FromMilliseconds(100));
        tally.Count(region, "t-soon");
        await Eventually.TrueAsync(async () => (await Planner(region).Popular(10)).Any(p => p.TitleId == "t-soon"), seconds: 10);
    }

    [Fact]
    public async Task ThePlanner_IgnoresInvalidCounts()
    {
        var region = Region();
        await Planner(region).RecordPlays([new TitlePlayCount("", 5), new TitlePlayCount("t-neg", -1), new TitlePlayCount("t-nan", double.NaN), new TitlePlayCount("t-ok", 2)]);
        await Eventually.TrueAsync(async () => (await Planner(region).Popular(10)).Length > 0);
        Assert.Equal("t-ok", Assert.Single(await Planner(region).Popular(10)).TitleId);
    }

    private static string Region() => $"r-{Guid.NewGuid():N}"[..14];

    private IFillPlannerGrain Planner(string region) => fixture.Client.GetGrain<IFillPlannerGrain>(region);

    private PlayTally Tally(TimeSpan every) =>
        new(fixture.Client, Options.Create(new CdnOptions { PlayTallyEvery = every }), TimeProvider.System, NullLogger<PlayTally>.Instance);
}
