using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The decoded frames of the chunks this silo is encoding, decoded once and read by every rendition of
/// the chunk. Without it each rendition decodes the source again, and seeks from the keyframe before
/// the chunk: with a long-GOP source that is up to one GOP more per rendition, more CPU than the
/// smaller renditions' encodes themselves.
/// </summary>
/// <remarks>
/// Raw frames are large (a 720p chunk of 8 s is 330 MB), so the files held at once stay within
/// <see cref="EncodingOptions.SharedFramesBytes"/>: a chunk waits for its decode until an earlier one is
/// deleted. A file is deleted as soon as all its renditions have encoded, or when nobody has used it for
/// <see cref="EncodingOptions.SharedFramesLinger"/> (renditions that were sent to another silo).
/// </remarks>
public sealed class SharedChunkFrames(
    ChunkFrameDecoder decoder, FfmpegSlots slots, IOptions<EncodingOptions> options, TimeProvider clock, ILogger<SharedChunkFrames> logger) : IDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ByteBudget _budget = new(Math.Max(1, options.Value.SharedFramesBytes));

    /// <summary>Bytes of decoded frames on disk now, or waiting to be decoded within the budget.</summary>
    public long BytesHeld => _budget.Held;

    /// <summary>How many chunk decodes have run on this silo.</summary>
    public int Decodes => _decodes;

    private int _decodes;

    /// <summary>The chunk's frames for one rendition, decoding them first unless another rendition has.</summary>
    public async Task<Lease> AcquireAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        var frames = work.Frames ?? throw new ArgumentException($"work {work.Key} does not share decoded frames", nameof(work));
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(frames.Path, out entry!))
            {
                entry = new Entry(frames.Path, frames.Renditions, frames.EstimatedBytes);
                _entries.Add(entry.Path, entry);
                entry.Loaded = LoadAsync(entry, work);
            }
            entry.Users++;
            entry.StopLingering();
        }
        try
        {
            await entry.Loaded.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(entry, doneRendition: null);
            throw;
        }
        return new Lease(this, entry, work.Rendition.Name);
    }

    private async Task LoadAsync(Entry entry, ChunkWork work)
    {
        await Task.Yield(); // the caller holds the lock
        await _budget.TakeAsync(entry.Bytes);
        try
        {
            await slots.RunAsync(async ct =>
            {
                await decoder.DecodeAsync(work.SourcePath, work.Chunk, entry.Path, options.Value.ThreadsPerEncode, ct);
                return true;
            }, CancellationToken.None);
            Interlocked.Increment(ref _decodes);
            var actual = new FileInfo(entry.Path).Length;
            _budget.Resize(entry.Bytes, actual);
            lock (_lock)
            {
                entry.Bytes = actual;
                entry.Ready = true;
                if (entry.Users == 0) Linger(entry);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning("Decoding chunk {Chunk} of {Source} failed: {Error}", work.Chunk.Index, work.SourcePath, e.Message);
            lock (_lock) Forget(entry);
            _budget.Return(entry.Bytes);
            throw;
        }
    }

    private void Release(Entry entry, string? doneRendition)
    {
        lock (_lock)
        {
            entry.Users--;
            if (doneRendition is not null) entry.Done.Add(doneRendition);
            if (!entry.Ready) return; // still decoding (it lingers when done if nobody waits) or failed (forgotten)
            if (entry.Done.Count >= entry.Renditions) Drop(entry);
            else if (entry.Users == 0) Linger(entry);
        }
    }

    private void Linger(Entry entry) =>
        entry.Lingering = clock.CreateTimer(_ =>
        {
            lock (_lock)
            {
                if (entry.Users == 0) Drop(entry);
            }
        }, null, options.Value.SharedFramesLinger, Timeout.InfiniteTimeSpan);

    private void Drop(Entry entry)
    {
        if (!Forget(entry)) return;
        entry.StopLingering();
        try
        {
            File.Delete(entry.Path);
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not delete decoded frames {Path}: {Error}", entry.Path, e.Message);
        }
        _budget.Return(entry.Bytes);
    }

    private bool Forget(Entry entry) =>
        _entries.TryGetValue(entry.Path, out var current) && ReferenceEquals(current, entry) && _entries.Remove(entry.Path);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values.ToArray()) Drop(entry);
        }
    }

    internal sealed class Entry(string path, int renditions, long bytes)
    {
        public string Path { get; } = path;
        public int Renditions { get; } = renditions;
        public long Bytes { get; set; } = bytes;
        public Task Loaded { get; set; } = Task.CompletedTask;
        public bool Ready { get; set; }
        public int Users { get; set; }
        public HashSet<string> Done { get; } = new(StringComparer.Ordinal);
        public ITimer? Lingering { get; set; }

        public void StopLingering()
        {
            Lingering?.Dispose();
            Lingering = null;
        }
    }

    /// <summary>One rendition's use of a chunk's frames; <see cref="Complete"/> once its encode has succeeded.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly SharedChunkFrames _owner;
        private readonly Entry _entry;
        private readonly string _rendition;
        private bool _completed;
        private bool _disposed;

        internal Lease(SharedChunkFrames owner, Entry entry, string rendition) => (_owner, _entry, _rendition) = (owner, entry, rendition);

        public string Path => _entry.Path;

        public void Complete() => _completed = true;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _owner.Release(_entry, _completed ? _rendition : null);
        }
    }
}
