using Orleans.Netflix.Client.Seeding;

namespace Orleans.Netflix.Tests.Seeding;

public sealed class ViewingGeneratorTests
{
    [Fact]
    public void SeededViewings_AreAllInThePast_OldestFirst()
    {
        var catalog = new CatalogGenerator(CatalogGenerator.DefaultSeed);
        var now = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        var output = new ViewingGenerator(CatalogGenerator.DefaultSeed).Generate(catalog.Titles(500), catalog.Members(300), playsPerMember: 40, now);

        Assert.NotEmpty(output.Viewings);
        Assert.All(output.Viewings, member =>
        {
            Assert.All(member.Viewings, v => Assert.True(v.WatchedAt < now, $"{member.MemberId} watched {v.TitleId} at {v.WatchedAt:O}, after {now:O}"));
            Assert.Equal(member.Viewings.OrderBy(v => v.WatchedAt).Select(v => v.WatchedAt), member.Viewings.Select(v => v.WatchedAt));
        });
        Assert.All(output.PlayStarts, e => Assert.True(e.At < now));
    }
}
