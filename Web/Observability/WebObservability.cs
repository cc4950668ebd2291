using Microsoft.AspNetCore.Hosting;
using OpenTelemetry.Trace;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Web.Configuration;

namespace Orleans.Netflix.Web.Observability;

/// <summary>
/// The website's metrics and traces (docs/observability.md). Metrics (ASP.NET Core's, Kestrel's and the Orleans client's
/// meters) are served as Prometheus text at <c>/metrics</c> on a listener of their own, <c>Web:MetricsUrl</c>, never on the
/// site's public address: request counts and latencies are the operator's, not the members'. That listener answers nothing
/// else. Unset (the default), there is no /metrics. Traces go to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> when it is set:
/// ASP.NET Core's request span, and under it the grain calls a request makes.
/// </summary>
public static class WebObservability
{
    public const string MetricsPath = PrometheusMetrics.Path;

    public static void Configure(WebApplicationBuilder builder, WebOptions options)
    {
        var otel = builder.Services.AddOpenTelemetry();
        otel.WithNetflixTracing(builder.Configuration, $"netflix-web-{options.Region}", t => t.AddAspNetCoreInstrumentation());
        if (options.MetricsUri is not { } metrics) return;
        otel.WithPrometheusMetrics("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", PrometheusMetrics.OrleansMeter);
        // The site's own addresses stay as configured; the metrics listener is added beside them.
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        builder.WebHost.UseUrls([.. (string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries),
            metrics.GetLeftPart(UriPartial.Authority)]);
    }

    /// <summary>Before everything else, so the metrics listener skips sign-in and the site's pages.</summary>
    public static void Map(WebApplication app, WebOptions options)
    {
        if (options.MetricsUri is not { } metrics) return;
        app.MapPrometheusMetricsOnPort(metrics.Port);
    }
}
