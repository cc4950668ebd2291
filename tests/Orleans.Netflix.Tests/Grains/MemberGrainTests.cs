using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class MemberGrainTests(ClusterFixture fixture)
{
    private static readonly MemberProfile Ana = new("Ana Lima", "BR", "pt-BR", MaturityRating.Age16);

    private IMemberGrain NewMember() => fixture.Client.GetGrain<IMemberGrain>($"member-{Guid.NewGuid():N}");

    [Fact]
    public async Task UnknownMember_ReadsAsNull_AndRefusesUpdates()
    {
        var member = NewMember();

        Assert.Null(await member.Get());
        var error = await Assert.ThrowsAsync<NotFoundException>(() => member.ChangePlan(PlanTier.Premium));
        Assert.Equal("member", error.Kind);
        await Assert.ThrowsAsync<NotFoundException>(() => member.RecordViewing(new ViewingEvent("t-1", DateTimeOffset.UtcNow, TimeSpan.Zero)));
        await Assert.ThrowsAsync<NotFoundException>(() => member.Rate("t-1", Thumb.Up));
        Assert.Null(await member.Get()); // a refused update creates nothing
    }

    [Fact]
    public async Task Register_ThenRead_ReturnsProfilePlanCapsAndDevices()
    {
        var member = NewMember();
        var tv = new Device("living-room", DeviceKind.Tv, "Living room TV");

        await member.Register(Ana, PlanTier.Standard, [tv]);
        var view = await member.Get();

        Assert.NotNull(view);
        Assert.Equal(Ana, view.Profile);
        Assert.Equal(PlanTier.Standard, view.Plan);
        Assert.Equal(new PlanCaps(1080, 2), view.Caps);
        Assert.Equal([tv], view.Devices);
    }

    [Theory]
    [InlineData(PlanTier.Basic, 720, 1)]
    [InlineData(PlanTier.Standard, 1080, 2)]
    [InlineData(PlanTier.Premium, 2160, 4)]
    public async Task ChangePlan_ChangesResolutionCapAndStreams(PlanTier plan, int height, int streams)
    {
        var member = NewMember();
        await member.Register(Ana, PlanTier.Basic, []);

        var view = await member.ChangePlan(plan);

        Assert.Equal(plan, view.Plan);
        Assert.Equal(height, view.Caps.MaxVideoHeight);
        Assert.Equal(streams, view.Caps.ConcurrentStreams);
    }

    [Theory]
    [InlineData("", "US", "en")]
    [InlineData("Bob", "usa", "en")]
    [InlineData("Bob", "us", "en")]
    [InlineData("Bob", "US", "english!")]
    [InlineData("Bob\u0007", "US", "en")]
    public async Task Register_RefusesInvalidProfile_AndStoresNothing(string name, string country, string language)
    {
        var member = NewMember();

        await Assert.ThrowsAsync<ArgumentException>(() => member.Register(new MemberProfile(name, country, language, MaturityRating.All), PlanTier.Basic, []));

        Assert.Null(await member.Get());
    }

    [Fact]
    public async Task Devices_AddReplaceRemove_AndLimit()
    {
        var member = NewMember();
        await member.Register(Ana, PlanTier.Premium, []);

        await member.AddDevice(new Device("phone", DeviceKind.Phone, "Phone"));
        var renamed = await member.AddDevice(new Device("phone", DeviceKind.Phone, "New phone"));
        Assert.Equal("New phone", Assert.Single(renamed.Devices).Name);

        var removed = await member.RemoveDevice("phone");
        Assert.Empty(removed.Devices);
        await Assert.ThrowsAsync<NotFoundException>(() => member.RemoveDevice("phone"));

        for (var i = 0; i < 10; i++) await member.AddDevice(new Device($"d{i}", DeviceKind.Web, $"Browser {i}"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => member.AddDevice(new Device("one-too-many", DeviceKind.Web, "Browser")));
        Assert.Equal(10, (await member.Get())!.Devices.Length);
    }

    [Fact]
    public async Task HistoryResumePointsAndThumbs_AreKept()
    {
        var member = NewMember();
        await member.Register(Ana, PlanTier.Premium, []);

        await member.RecordViewing(new ViewingEvent("t-00001", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(12)));
        await member.SetResumePoint("t-00001", TimeSpan.FromMinutes(12));
        await member.SetResumePoint("t-00001", TimeSpan.FromMinutes(20));
        await member.Rate("t-00001", Thumb.Up);
        await member.Rate("t-00002", Thumb.Down);
        await member.Rate("t-00002", Thumb.None);
        var view = (await member.Get())!;

        Assert.Equal("t-00001", Assert.Single(view.History).TitleId);
        var resume = Assert.Single(view.ResumePoints);
        Assert.Equal(TimeSpan.FromMinutes(20), resume.Position);
        var rating = Assert.Single(view.Ratings);
        Assert.Equal(("t-00001", Thumb.Up), (rating.TitleId, rating.Thumb));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => member.SetResumePoint("t-00001", TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task History_KeepsTheNewestThousandEntries()
    {
        var member = NewMember();
        await member.Register(Ana, PlanTier.Basic, []);

        for (var i = 0; i < 1005; i++) await member.RecordViewing(new ViewingEvent($"t-{i}", DateTimeOffset.UtcNow, TimeSpan.Zero));
        var history = (await member.Get())!.History;

        Assert.Equal(1000, history.Length);
        Assert.Equal("t-5", history[0].TitleId);
        Assert.Equal("t-1004", history[^1].TitleId);
    }

    [Fact]
    public async Task ManyParallelWriters_LoseNoUpdate()
    {
        var member = NewMember();
        await member.Register(Ana, PlanTier.Premium, []);
        const int writers = 300;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => (i % 3) switch
        {
            0 => member.RecordViewing(new ViewingEvent($"t-{i}", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(i))),
            1 => member.SetResumePoint($"t-{i}", TimeSpan.FromSeconds(i)),
            _ => member.Rate($"t-{i}", Thumb.Up),
        }));
        var view = (await member.Get())!;

        Assert.Equal(writers / 3, view.History.Length);
        Assert.Equal(writers / 3, view.ResumePoints.Length);
        Assert.Equal(writers / 3, view.Ratings.Length);
        Assert.Equal(1 + writers, view.Version);
    }
}
