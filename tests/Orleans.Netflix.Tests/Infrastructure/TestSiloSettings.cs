using System.Net;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;

namespace Orleans.Netflix.Tests.Infrastructure;

public static class TestSiloSettings
{
    public static SiloSettings InMemory(RegionInfo region) => WithDatabase(region, null);

    /// <summary>Ports are the TestCluster's to choose; only region and storage matter here.</summary>
    public static SiloSettings WithDatabase(RegionInfo region, string? connectionString) =>
        new(region, 0, 0, 0, 0, IPAddress.Loopback, connectionString, TimeSpan.FromSeconds(5));
}
