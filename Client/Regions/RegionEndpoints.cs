using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Client.Connection;

namespace Orleans.Netflix.Client.Regions;

/// <summary>
/// How to reach every region: the command's own region as its options say (<see cref="ClientConfiguration"/>);
/// each other region from a regions file (the <c>regions.json</c> that <c>scripts/regions.sh</c> writes), else from
/// configuration (<c>Netflix:Regions:&lt;region&gt;:Gateways</c> or <c>ConnectionStrings:&lt;region&gt;</c>), else its
/// default gateway port on this machine.
/// </summary>
public static class RegionEndpoints
{
    public static IReadOnlyDictionary<string, ClientOptions> Resolve(ConnectedSettings settings, string? regionsFile)
    {
        var own = ClientConfiguration.Resolve(settings);
        var fromFile = regionsFile is null ? new Dictionary<string, (string[] Gateways, string? ConnectionString)>() : Load(regionsFile);
        var configuration = ClientConfiguration.Load();
        var endpoints = new Dictionary<string, ClientOptions>(StringComparer.Ordinal);
        foreach (var region in ClientConfiguration.Regions.All.Select(r => r.Name))
        {
            if (region == own.Region && (settings.Gateways is { Length: > 0 } || !string.IsNullOrWhiteSpace(settings.ConnectionString) || !fromFile.ContainsKey(region)))
            {
                endpoints[region] = own;
                continue;
            }
            var options = new ClientOptions { Region = region, ConnectTimeout = own.ConnectTimeout, TierKey = own.TierKey };
            if (fromFile.TryGetValue(region, out var known)) options.Gateways = known.Gateways;
            else
            {
                options.Gateways = configuration.GetSection($"{ClientOptions.Section}:Regions:{region}:Gateways").Get<string[]>() ?? [];
                if (options.Gateways.Length == 0) options.ConnectionString = configuration.GetConnectionString(region);
            }
            endpoints[region] = options;
        }
        return endpoints;
    }

    private static Dictionary<string, (string[] Gateways, string? ConnectionString)> Load(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"--regions-file: no file '{path}'");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("regions").EnumerateArray().ToDictionary(
                r => ClientConfiguration.Regions.Get(r.GetProperty("name").GetString()).Name,
                r => ((string[])[.. r.GetProperty("gateways").EnumerateArray().Select(g => g.GetString()!)],
                    r.TryGetProperty("connectionString", out var cs) ? cs.GetString() : null));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"--regions-file '{path}' is not a regions.json from scripts/regions.sh: {e.Message}");
        }
    }
}
