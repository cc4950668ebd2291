using System.Net;
using System.Net.Sockets;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Observability;

/// <summary>A silo process as an operator runs it: its Prometheus endpoint and its dashboard, each on its own switch.</summary>
public sealed class SiloObservabilityProcessTests
{
    private const string Region = "eu-west";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task APressPlay_IsCountedOnTheSilosMetrics_BesideOrleansOwn_AndTheDashboardAnswers()
    {
        var (gateway, metrics, dashboard) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        await using var silo = await StartSiloAsync(gateway, ["--metrics-port", metrics.ToString(), "--dashboard-port", dashboard.ToString()]);
        Assert.Contains($"metrics http://127.0.0.1:{metrics}/metrics", silo.Output);

        await using (var connection = await ClusterConnection.ConnectAsync(new ClientOptions { Region = Region, Gateways = [$"127.0.0.1:{gateway}"] }, CancellationToken.None))
        {
            var grains = connection.Client;
            await PlayableRegion.PrepareAsync(grains, Region, "t-metered");
            await grains.GetGrain<IMemberGrain>("m-metered").Register(new MemberProfile("Ada", "GB", "en", MaturityRating.Age18), PlanTier.Standard, []);
            var started = await grains.GetGrain<IPlaybackSessionGrain>("s-metered-1").StartPlayback(new PlaybackRequest("m-metered", "t-metered", DeviceKind.Web, Region, "local"));
            Assert.NotNull(started.Manifest);
            var refused = await grains.GetGrain<IPlaybackSessionGrain>("s-metered-2").StartPlayback(new PlaybackRequest("m-nobody", "t-metered", DeviceKind.Web, Region, "local"));
            Assert.Equal(RefusalReason.UnknownMember, refused.Refusal?.Reason);
        }

        // Prometheus text: our counters by their exported names, and Orleans' own meter beside them.
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await Http.GetStringAsync($"http://127.0.0.1:{metrics}/metrics");
            return text.Contains("netflix_playback_refusals_total{", StringComparison.Ordinal);
        }, seconds: 60);
        Assert.Matches("(?m)^netflix_playback_starts_total(\\{[^}]*\\})? 1( |$)", text);
        Assert.Matches("(?m)^netflix_playback_refusals_total\\{[^}]*reason=\"UnknownMember\"[^}]*\\} 1( |$)", text);
        Assert.Matches("(?m)^orleans_\\w+", text);
        // The metrics listener answers nothing else: no origin file, no dashboard.
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"http://127.0.0.1:{metrics}/origin/titles/t-metered/job-1/master.m3u8")).StatusCode);

        var page = await Http.GetAsync($"http://127.0.0.1:{dashboard}/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
        var counters = await Http.GetStringAsync($"http://127.0.0.1:{dashboard}/DashboardCounters");
        Assert.Contains("totalActivationCount", counters, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutItsSwitch_TheDashboardIsNotServed()
    {
        var (gateway, metrics, dashboard) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        await using var silo = await StartSiloAsync(gateway, ["--metrics-port", metrics.ToString()]);

        Assert.DoesNotContain("dashboard http", silo.Output);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"http://127.0.0.1:{metrics}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"http://127.0.0.1:{metrics}/DashboardCounters")).StatusCode);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, dashboard));
    }

    private static Task<RunningApp> StartSiloAsync(int gateway, string[] switches) =>
        BuiltApp.Silo.StartAsync(
            ["--region", Region, "--storage", "memory", "--origin-port", "0", "--silo-port", FreePort.Next().ToString(), "--gateway-port", gateway.ToString(), .. switches],
            SiloProgram.ReadyMarker, TimeSpan.FromSeconds(90));
}
