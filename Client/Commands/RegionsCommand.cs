using System.ComponentModel;
using System.Text.Json;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Regions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Every region's health as a client sees it: reachable, evacuated, sessions and starts, replication owed and lag")]
public sealed class RegionsCommand : AsyncCommand<ConnectedSettings>
{
    public sealed record RegionHealth(string Region, bool Reachable, string? Problem, bool Evacuated, int ActiveSessions, double StartsPerSecond,
        ReplicationStatus? Replication);

    public override Task<int> ExecuteAsync(CommandContext context, ConnectedSettings settings, CancellationToken cancellationToken) =>
        CommandGuard.Run(async () =>
        {
            var endpoints = RegionEndpoints.Resolve(settings, settings.RegionsFile);
            await using var connections = new RegionConnections(endpoints);
            var health = await Task.WhenAll(ClientConfiguration.Regions.All.Select(r => ProbeAsync(connections, r.Name, cancellationToken)));
            if (settings.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(health, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            }
            else
            {
                var table = new Table().AddColumns("region", "state", "sessions", "starts/s (10 s)", "owed copies", "lag of copies received p50 / p99");
                foreach (var h in health)
                {
                    var state = !h.Reachable ? $"[red]unreachable[/]: {Markup.Escape(h.Problem ?? "")}" : h.Evacuated ? "[yellow]evacuated[/]" : "[green]serving[/]";
                    var peers = h.Replication?.Peers ?? [];
                    table.AddRow(h.Region, state, h.Reachable ? $"{h.ActiveSessions}" : "-", h.Reachable ? $"{h.StartsPerSecond:0.0}" : "-",
                        h.Replication is { Enabled: true } ? string.Join(", ", peers.Select(p => $"{p.Peer} {p.Owed}")) : h.Reachable ? "replication off" : "-",
                        string.Join(", ", peers.Where(p => p.Received > 0).Select(p => $"{p.Peer} {p.LagP50Ms:0} / {p.LagP99Ms:0} ms")));
                }
                AnsiConsole.Write(table);
            }
            return health.Any(h => h.Reachable) ? ExitCodes.Ok : ExitCodes.Unreachable;
        });

    private static async Task<RegionHealth> ProbeAsync(RegionConnections connections, string region, CancellationToken cancellationToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            var grains = await connections.ConnectAsync(region, deadline.Token);
            var marks = await grains.GetGrain<IRegionControlGrain>(IRegionControlGrain.Key).Marks().WaitAsync(deadline.Token);
            var traffic = await grains.GetGrain<IRegionTrafficGrain>(region).View(DateTimeOffset.UtcNow.AddSeconds(-10)).WaitAsync(deadline.Token);
            var replication = await grains.GetGrain<IReplicationStatusGrain>(region).Status().WaitAsync(deadline.Token);
            return new RegionHealth(region, true, null, marks.IsEvacuated(region), traffic.ActiveSessions,
                traffic.StartsPerSecond.Sum(s => s.Count) / 10.0, replication);
        }
        catch (Exception e) when (RegionRouter.IsRegionFailure(e) || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new RegionHealth(region, false, e.GetBaseException().Message, false, 0, 0, null);
        }
    }
}
