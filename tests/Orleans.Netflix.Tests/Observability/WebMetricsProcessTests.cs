using System.Net;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Netflix.Web;

namespace Orleans.Netflix.Tests.Observability;

/// <summary>The website's metrics: on the listener <c>--metrics-url</c> names, never on the site's own address.</summary>
public sealed class WebMetricsProcessTests
{
    [Fact]
    public async Task TheSitesRequests_AreCountedOnItsMetricsListener_AndItsPublicAddressServesNoMetrics()
    {
        var (gateway, site, metrics) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        await using var silo = await BuiltApp.Silo.StartAsync(
            ["--region", "us-west", "--storage", "memory", "--origin-port", "0", "--silo-port", FreePort.Next().ToString(), "--gateway-port", gateway.ToString()],
            SiloProgram.ReadyMarker, TimeSpan.FromSeconds(90));
        await using var web = await BuiltApp.Web.StartAsync(
            ["--region", "us-west", "--gateway", $"127.0.0.1:{gateway}", "--urls", $"http://127.0.0.1:{site}", "--metrics-url", $"http://127.0.0.1:{metrics}"],
            WebProgram.ReadyMarker, TimeSpan.FromSeconds(90));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{site}/health")).StatusCode);
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await http.GetStringAsync($"http://127.0.0.1:{metrics}/metrics");
            return text.Contains("http_server_request_duration_seconds", StringComparison.Ordinal);
        }, seconds: 60);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/health\"", text);

        // The public address has no metrics (a member is sent to sign in), and the metrics listener serves nothing but them.
        var publicMetrics = await http.GetAsync($"http://127.0.0.1:{site}/metrics");
        Assert.NotEqual(HttpStatusCode.OK, publicMetrics.StatusCode);
        Assert.DoesNotContain("http_server_request_duration", await publicMetrics.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{metrics}/health")).StatusCode);
    }
}
