using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orleans.Netflix.Hosting;

/// <summary>
/// Traces, the same way in every process (silo, edge, website, client): our spans come from <see cref="Source"/>, grain
/// calls from Orleans' own sources (each process adds Orleans' activity propagation, so a call's trace continues in the
/// grain it reaches, and in the grains that grain calls). They are sent to the OTLP collector named by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; without it nothing listens, so no span is even created and tracing costs nothing.
/// </summary>
public static class NetflixTracing
{
    public const string SourceName = "Orleans.Netflix";

    /// <summary>The standard variable (and configuration key) naming the OTLP collector.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Our spans: a press play in the client, an origin pull in the edge.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>What every process traces: ours, and grain calls (application grains and Orleans' own).</summary>
    public static readonly IReadOnlyList<string> Sources = [SourceName, "Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime"];

    /// <summary>The standard <c>OTEL_*</c> variables, for a host built without the environment in its configuration.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> StandardEnvironment() =>
        from entry in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
        let key = (string)entry.Key
        where key.StartsWith("OTEL_", StringComparison.Ordinal)
        select KeyValuePair.Create(key, (string?)entry.Value);

    public static bool IsOn(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointKey]);

    /// <summary>
    /// Traces to OTLP as <paramref name="serviceName"/> when <see cref="EndpointKey"/> is set (the exporter reads it and the
    /// other standard <c>OTEL_EXPORTER_OTLP_*</c> settings itself); otherwise nothing is added.
    /// <paramref name="more"/> adds a process's own instrumentation (ASP.NET Core's server spans in the edge and website).
    /// </summary>
    public static OpenTelemetryBuilder WithNetflixTracing(this OpenTelemetryBuilder otel, IConfiguration configuration, string serviceName,
        Action<TracerProviderBuilder>? more = null)
    {
        if (!IsOn(configuration)) return otel;
        return otel
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. Sources]);
                more?.Invoke(tracing);
                tracing.AddOtlpExporter();
            });
    }
}
