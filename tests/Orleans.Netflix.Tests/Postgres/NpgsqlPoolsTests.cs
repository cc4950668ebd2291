using Npgsql;
using Orleans.Netflix.Grains.Common;

namespace Orleans.Netflix.Tests.Postgres;

public sealed class NpgsqlPoolsTests
{
    [Fact]
    public void OurStoresCapTheirPool_UnlessTheConnectionStringSaysOtherwise()
    {
        using var capped = NpgsqlPools.Create("Host=127.0.0.1;Username=postgres;Database=x", 12);
        using var chosen = NpgsqlPools.Create("Host=127.0.0.1;Username=postgres;Database=x;Maximum Pool Size=70", 12);

        Assert.Equal(12, new NpgsqlConnectionStringBuilder(capped.ConnectionString).MaxPoolSize);
        Assert.Equal(70, new NpgsqlConnectionStringBuilder(chosen.ConnectionString).MaxPoolSize);
    }
}
