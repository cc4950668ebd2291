using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Grains.Catalog;
using Orleans.Netflix.Grains.Members;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Tests.Seeding;

public sealed class CatalogGeneratorTests
{
    [Fact]
    public void SameSeed_GivesTheSameCatalogAndMembers()
    {
        var a = new CatalogGenerator(42);
        var b = new CatalogGenerator(42);

        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(Fingerprint(a), Fingerprint(new CatalogGenerator(43)));
    }

    [Fact]
    public void FullSeed_HasUniqueValidIds_AndPassesTheGrainsRules()
    {
        var generator = new CatalogGenerator(CatalogGenerator.DefaultSeed);
        var titles = generator.Titles(5000);
        var members = generator.Members(10000);

        Assert.Equal(5000, titles.Select(t => t.TitleId).Distinct().Count());
        Assert.Equal(10000, members.Select(m => m.MemberId).Distinct().Count());
        Assert.All(titles, t =>
        {
            Assert.Null(GrainKeys.Problem(t.TitleId));
            TitleRules.Check(t.Metadata);
            TitleRules.Check(t.Artwork);
            Assert.Contains(t.Artwork, a => a.Tags.Any(tag => tag.StartsWith("cast:", StringComparison.Ordinal)));
        });
        Assert.All(members, m =>
        {
            MemberRules.Check(m.Profile);
            Assert.InRange(m.Devices.Length, 1, MemberRules.MaxDevices);
        });
        Assert.Equal(titles.Count, titles.Select(t => t.Metadata.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Popularity_FollowsALongTail()
    {
        var popularity = new CatalogGenerator(1).Titles(1000).Select(t => t.Popularity).OrderDescending().ToArray();
        var topTenShare = popularity.Take(100).Sum() / popularity.Sum();
        Assert.InRange(topTenShare, 0.4, 0.9); // the top 10% of titles draw most of the interest
    }

    private static string Fingerprint(CatalogGenerator generator) =>
        string.Join(';', generator.Titles(50).Select(t => $"{t.TitleId}|{t.Metadata.Name}|{t.Metadata.Year}|{string.Join(',', t.Metadata.Genres)}|{t.Popularity}"))
        + string.Join(';', generator.Members(50).Select(m => $"{m.MemberId}|{m.Profile}|{m.Plan}|{m.Devices.Length}"));
}
