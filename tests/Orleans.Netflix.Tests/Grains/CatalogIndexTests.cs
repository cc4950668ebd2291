using Orleans.Netflix.Grains.Catalog;

namespace Orleans.Netflix.Tests.Grains;

public sealed class CatalogIndexTests
{
    [Theory]
    [InlineData("Amélie: Part II", "amelie part ii")]
    [InlineData("  The -- Silent   Harbor!! ", "the silent harbor")]
    [InlineData("Björn's WAR", "bjorn s war")]
    [InlineData("", "")]
    public void Normalize_LowersStripsAccentsAndPunctuation(string input, string expected) =>
        Assert.Equal(expected, CatalogIndex.Normalize(input));
}
