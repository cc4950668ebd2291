using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orleans.Netflix.Grains.Telemetry;
using Orleans.Netflix.Silo.Observability;
using Orleans.Netflix.Hosting;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Metrics and tracing switched on in this process as fully as an operator could: with <c>NETFLIX_BENCH_TELEMETRY=on</c>, every
/// measurement of Orleans' meter and ours is taken (as a Prometheus exporter's reader would), and every span of our sources and
/// Orleans' grain calls is created and recorded (sampled at 100%). Only the export itself (text for a scrape, OTLP batches)
/// is left out. Unset, nothing listens: the product's default. docs/observability.md compares the two.
/// </summary>
public sealed class BenchmarkTelemetry : IDisposable
{
    public const string Variable = "NETFLIX_BENCH_TELEMETRY";

    private readonly MeterListener _meters = new();
    private readonly ActivityListener _spans;
    private long _measurements;
    private long _ended;

    private BenchmarkTelemetry()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is SiloObservability.OrleansMeter or SiloMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.Start();
        var sources = NetflixTracing.Sources.ToHashSet(StringComparer.Ordinal);
        _spans = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _ended),
        };
        ActivitySource.AddActivityListener(_spans);
    }

    public static bool IsOn => string.Equals(Environment.GetEnvironmentVariable(Variable), "on", StringComparison.OrdinalIgnoreCase);

    /// <summary>On when <see cref="Variable"/> says so; otherwise null (nothing listens).</summary>
    public static BenchmarkTelemetry? StartIfOn() => IsOn ? new BenchmarkTelemetry() : null;

    public string Summary => $"telemetry on: {Interlocked.Read(ref _ended):N0} spans, {Interlocked.Read(ref _measurements):N0} measurements";

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }
}
