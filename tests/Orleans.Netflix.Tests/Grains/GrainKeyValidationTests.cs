using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class GrainKeyValidationTests(ClusterFixture fixture)
{
    public static TheoryData<string> BadIds() => new()
    {
        new string('x', GrainKeys.MaxLength + 1),
        "m-1\u0000",
        "bell\u0007",
        "line\nbreak",
        " padded",
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task MemberGrain_RefusesBadKey_BeforeAnyCode(string id)
    {
        var member = fixture.Client.GetGrain<IMemberGrain>(id);

        var error = await Assert.ThrowsAsync<InvalidIdException>(() => member.Register(new MemberProfile("Eve", "US", "en", MaturityRating.All), PlanTier.Basic, []));
        Assert.Equal("member", error.Kind);
        await Assert.ThrowsAsync<InvalidIdException>(() => member.Get());
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task TitleGrain_RefusesBadKey(string id)
    {
        var error = await Assert.ThrowsAsync<InvalidIdException>(() => fixture.Client.GetGrain<ITitleGrain>(id).Get());
        Assert.Equal("title", error.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyKey_IsRefused(string id)
    {
        // Orleans itself refuses an empty key when the reference is made; either way no grain code runs.
        await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.Client.GetGrain<IMemberGrain>(id).Get());
    }

    [Fact]
    public async Task KeyOfExactlyMaxLength_IsAccepted()
    {
        Assert.Null(await fixture.Client.GetGrain<IMemberGrain>(new string('m', GrainKeys.MaxLength)).Get());
    }

    [Fact]
    public async Task TitleIdsInsideCalls_AreCheckedToo()
    {
        var member = fixture.Client.GetGrain<IMemberGrain>($"member-{Guid.NewGuid():N}");
        await member.Register(new MemberProfile("Eve", "US", "en", MaturityRating.All), PlanTier.Basic, []);

        await Assert.ThrowsAsync<InvalidIdException>(() => member.Rate(new string('t', 200), Thumb.Up));
        await Assert.ThrowsAsync<InvalidIdException>(() => member.SetResumePoint("", TimeSpan.Zero));
        Assert.Empty((await member.Get())!.Ratings);
    }
}
