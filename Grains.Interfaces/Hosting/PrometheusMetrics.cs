using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Orleans.Netflix.Hosting;

/// <summary>
/// Metrics, the same way in every process that shows them (silo, edge, website): the named meters exported as Prometheus
/// text at <see cref="Path"/>, either on the process's own address (the edge) or on a listener of its own that answers
/// nothing else (silo and website: a scraper reaches no page, file or API there). Code: docs/observability.md.
/// </summary>
public static class PrometheusMetrics
{
    public const string Path = "/metrics";

    /// <summary>Orleans' own meter (grain calls, activations, messaging, gateway, storage…), in silos and clients alike.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Exports <paramref name="meters"/> for <see cref="MapPrometheusMetrics"/> or <see cref="MapPrometheusMetricsOnPort"/> to serve.</summary>
    public static OpenTelemetryBuilder WithPrometheusMetrics(this OpenTelemetryBuilder otel, params string[] meters) =>
        otel.WithMetrics(m => ((IDeferredMeterProviderBuilder)m.AddMeter(meters).AddPrometheusExporter()).Configure(ExportOwnMetersOnly));

    /// <summary>
    /// Meters are listened to by name across the whole process: where several hosts run in one (edges in a test, say), each
    /// exports only what its own container's meters measured, and the static meters (Orleans') as before.
    /// </summary>
    private static void ExportOwnMetersOnly(IServiceProvider services, MeterProviderBuilder metrics)
    {
        var own = services.GetRequiredService<IMeterFactory>();
        metrics.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
    }

    /// <summary><see cref="Path"/> beside the process's other endpoints.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path);

    /// <summary>
    /// Requests that arrive on <paramref name="port"/> are answered <see cref="Path"/> and otherwise 404, and never reach the
    /// rest of the pipeline. Call it before anything else, so the metrics listener skips sign-in and every page.
    /// </summary>
    public static IApplicationBuilder MapPrometheusMetricsOnPort(this IApplicationBuilder app, int port) =>
        app.MapWhen(context => context.Connection.LocalPort == port, metrics =>
        {
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint(Path);
            metrics.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
}
