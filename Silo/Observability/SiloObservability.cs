using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using Orleans.Netflix.Grains.Telemetry;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Hosting;

namespace Orleans.Netflix.Silo.Observability;

/// <summary>
/// What a silo shows an operator, each behind its own switch (docs/observability.md):
/// <list type="bullet">
/// <item>metrics, Orleans' meter and ours, as Prometheus text at <c>/metrics</c> on <c>--metrics-port</c>, on the advertised
/// address, without a credential: a listener of its own, apart from origin storage (which wants an edge's credential for
/// every request) and answering nothing but <c>/metrics</c>, so a scraper reaches no file and holds no key;</item>
/// <item>the Orleans Dashboard on <c>--dashboard-port</c>, on 127.0.0.1 only: it shows grain state and live logs and has
/// no sign-in, so it is reached on the silo's machine (or through an SSH tunnel);</item>
/// <item>traces to the OTLP collector in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</item>
/// </list>
/// A silo with neither port opens no HTTP listener here, and with nothing switched on nothing listens to the meters or sources.
/// </summary>
public static class SiloObservability
{
    public const string OrleansMeter = PrometheusMetrics.OrleansMeter;
    public const string MetricsPath = PrometheusMetrics.Path;

    public static void Configure(WebApplicationBuilder builder, SiloSettings settings)
    {
        var otel = builder.Services.AddOpenTelemetry();
        if (settings.MetricsPort > 0) otel.WithPrometheusMetrics(OrleansMeter, SiloMetrics.MeterName);
        otel.WithNetflixTracing(builder.Configuration, $"netflix-silo-{settings.Region.Name}");

        if (settings.MetricsPort == 0 && settings.DashboardPort == 0)
        {
            builder.WebHost.UseServer(new NoHttpServer()); // Kestrel would otherwise open its default port
            return;
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (settings.MetricsPort > 0) k.Listen(settings.AdvertisedAddress, settings.MetricsPort);
            if (settings.DashboardPort > 0) k.Listen(IPAddress.Loopback, settings.DashboardPort);
            k.AddServerHeader = false;
        });
    }

    /// <summary>The dashboard's grain services and profiling filter, on silos that show it.</summary>
    public static ISiloBuilder AddDashboardIfOn(this ISiloBuilder silo, SiloSettings settings) =>
        settings.DashboardPort > 0 ? silo.AddDashboard() : silo;

    public static void Map(WebApplication app, SiloSettings settings)
    {
        if (settings.MetricsPort > 0) app.MapPrometheusMetricsOnPort(settings.MetricsPort); // requests there never reach anything else
        if (settings.DashboardPort > 0) app.MapOrleansDashboard().RequireHost($"*:{settings.DashboardPort}");
    }

    /// <summary>The server of a silo that listens for no HTTP at all.</summary>
    private sealed class NoHttpServer : IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
