using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

[GenerateSerializer, Alias("netflix.IngestJobState")]
public sealed class IngestJobState
{
    [Id(0)] public IngestRequest? Request { get; set; }
    [Id(1)] public IngestStage Stage { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public SourceInfo? Source { get; set; }
    [Id(5)] public List<Rendition> Renditions { get; set; } = [];
    [Id(6)] public List<Chunk> Chunks { get; set; } = [];
    [Id(7)] public Dictionary<string, ChunkOutcome> Done { get; set; } = new(StringComparer.Ordinal);
    [Id(8)] public List<SourceRejection> Rejections { get; set; } = [];
    [Id(9)] public string? Error { get; set; }
    [Id(10)] public string? MasterPlaylist { get; set; }

    /// <summary>The source's content checks (every frame decoded) have passed; they run while the first chunks encode.</summary>
    [Id(11)] public bool ContentChecked { get; set; }
}
