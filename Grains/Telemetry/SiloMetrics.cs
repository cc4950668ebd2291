using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orleans.Netflix.Media;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Grains.Telemetry;

/// <summary>
/// Our instruments in a silo (meter "Orleans.Netflix.Silo", exported beside Orleans' own "Microsoft.Orleans" at the
/// silo's /metrics): plays started and refused by reason, ingest jobs by outcome and the time each stage took.
/// Replication's gauges are the host's (Silo/Replication/ReplicationMetrics.cs), on the same meter name.
/// With nothing listening an <c>Add</c> is one check; tags are constant strings, so a count allocates nothing.
/// The meter is the host's <see cref="IMeterFactory"/>'s, which disposes it.
/// </summary>
public sealed class SiloMetrics
{
    public const string MeterName = "Orleans.Netflix.Silo";

    private readonly Meter _meter;
    private readonly Counter<long> _starts;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _ingestJobs;
    private readonly Histogram<double> _ingestStage;

    public SiloMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _starts = _meter.CreateCounter<long>("netflix.playback.starts", description: "plays started (a manifest handed out)");
        _refusals = _meter.CreateCounter<long>("netflix.playback.refusals", description: "plays refused, by reason");
        _ingestJobs = _meter.CreateCounter<long>("netflix.ingest.jobs", description: "ingest jobs ended, by outcome (Ready, Rejected, Failed)");
        _ingestStage = _meter.CreateHistogram<double>("netflix.ingest.stage.duration", unit: "s",
            description: "time an ingest job spent in a stage, by stage");
    }

    public void PlayStarted() => _starts.Add(1);

    /// <summary>Counts the refusal and marks the grain call's span (when one is traced) with its reason.</summary>
    public void PlayRefused(RefusalReason reason)
    {
        var name = ReasonNames[(int)reason];
        _refusals.Add(1, new KeyValuePair<string, object?>("reason", name));
        Activity.Current?.SetTag("netflix.playback.refusal", name);
    }

    /// <summary>A job left <paramref name="stage"/> after <paramref name="elapsed"/>.</summary>
    public void IngestStageEnded(IngestStage stage, TimeSpan elapsed) =>
        _ingestStage.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", StageNames[(int)stage]));

    /// <summary>A job ended in <paramref name="outcome"/> (Ready, Rejected or Failed).</summary>
    public void IngestJobEnded(IngestStage outcome) =>
        _ingestJobs.Add(1, new KeyValuePair<string, object?>("outcome", StageNames[(int)outcome]));

    // Names by value, made once, so a tag is a shared string (both enums run 0, 1, 2... in declaration order).
    private static readonly string[] ReasonNames = Enum.GetNames<RefusalReason>();
    private static readonly string[] StageNames = Enum.GetNames<IngestStage>();
}
