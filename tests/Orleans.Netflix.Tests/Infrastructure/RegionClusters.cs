using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// Several regions side by side, each its own cluster on its own PostgreSQL database, every silo given
/// every region's connection string (<c>ConnectionStrings:&lt;region&gt;</c>) so member data replicates.
/// A region can be started later, killed, or pointed at a database on another server.
/// </summary>
public sealed class RegionClusters : IAsyncDisposable
{
    private readonly Dictionary<string, TestCluster> _clusters = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private RegionClusters(IReadOnlyDictionary<string, string> connectionStrings, IReadOnlyDictionary<string, string?> settings)
    {
        ConnectionStrings = connectionStrings;
        _settings = settings;
    }

    public IReadOnlyDictionary<string, string> ConnectionStrings { get; }

    public TestCluster this[string region] => _clusters[region];

    public IEnumerable<string> Running => _clusters.Keys;

    /// <summary>Creates a database per region (on <paramref name="serverOf"/>'s server, else the fixture's) without starting any cluster.</summary>
    public static async Task<RegionClusters> CreateAsync(PostgresFixture fixture, string purpose, IReadOnlyDictionary<string, string?>? settings = null,
        Func<string, PostgresServer>? serverOf = null)
    {
        var connections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var region in NetflixRegions.Shipped.All)
        {
            var server = serverOf?.Invoke(region.Name) ?? fixture.Server;
            connections[region.Name] = await server.CreateRegionDatabaseAsync(fixture.NewDatabaseName($"{purpose}_{region.Name.Replace('-', '_')}"));
        }
        var all = new Dictionary<string, string?>
        {
            // Steering signs edge URLs; every region shares the keys, as edges of any region must accept a moved client's URLs.
            ["Netflix:Cdn:SigningKeys:0:Id"] = "regions-test",
            ["Netflix:Cdn:SigningKeys:0:Secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // Every region's database is on a server these tests started, reachable: a synchronous copy that misses the
            // shipped 2 s was slow (the suite's other tests encoding video on the same two cores), not lost, and would
            // refuse a write these tests expect acknowledged. Tests of an unreachable region set their own, shorter timeout.
            ["Netflix:Replication:SyncTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        foreach (var (region, connection) in connections) all[$"ConnectionStrings:{region}"] = connection;
        return new RegionClusters(connections, all);
    }

    /// <summary>Starts the region's cluster; <paramref name="regionSettings"/> are added to the shared settings for this region only.</summary>
    public async Task<TestCluster> StartAsync(string region, short silos = 1, IReadOnlyDictionary<string, string?>? regionSettings = null)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in regionSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        var cluster = await PostgresClusters.StartAsync(region, ConnectionStrings[region], silos, settings);
        _clusters[region] = cluster;
        return cluster;
    }

    public async Task StartAllAsync()
    {
        foreach (var region in NetflixRegions.Shipped.All) await StartAsync(region.Name);
    }

    /// <summary>Kills every silo of the region at once (no graceful shutdown), as a region failure would.</summary>
    public async Task KillAsync(string region)
    {
        var cluster = _clusters[region];
        _clusters.Remove(region);
        await Task.WhenAll(cluster.Silos.ToArray().Select(s => cluster.KillSiloAsync(s)));
        await cluster.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in _clusters.Values)
        {
            try
            {
                await cluster.StopAllSilosAsync();
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }
    }
}
