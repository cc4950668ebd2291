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

    /// <summary>
    /// The chunk's frames for one rendition: from the job's sequential decode when it is writing them
    /// (<see cref="Expect"/>), else decoded here first unless another rendition has. When the sequential
    /// decode fails, the rendition decodes the chunk itself instead.
    /// </summary>
    public async Task<Lease> AcquireAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        var frames = work.Frames ?? throw new ArgumentException($"work {work.Key} does not share decoded frames", nameof(work));
        while (true)
        {
            Entry entry;
            lock (_lock)
            {
                if (!_entries.TryGetValue(frames.Path, out entry!))
                {
                    entry = new Entry(frames.Path, frames.Path, frames.Renditions, frames.EstimatedBytes, sequential: false);
                    _entries.Add(entry.Key, entry);
                    entry.Loaded = LoadAsync(entry, work);
                }
                entry.Users++;
                entry.StopLingering();
            }
            try
            {
                await entry.Loaded.WaitAsync(cancellationToken);
                return new Lease(this, entry, work.Rendition.Name);
            }
            catch when (entry.Sequential && !cancellationToken.IsCancellationRequested)
            {
                Release(entry, doneRendition: null); // forgotten already: the next round decodes it here
            }
            catch
            {
                Release(entry, doneRendition: null);
                throw;
            }
        }
    }

    /// <summary>
    /// Announces the chunks whose frames one sequential decode of the source is about to write, in
    /// order, chunk i to <paramref name="fileOf"/>(i). Renditions that ask for a wanted chunk wait for that
    /// decode instead of decoding the chunk themselves. The decode writes every chunk; one not wanted
    /// here (encoded on another silo, already done, or already decoding here) is deleted once written.
    /// </summary>
    public ExpectedFrames[] Expect(IReadOnlyList<(SharedFrames Frames, bool Wanted)> chunks, Func<int, string> fileOf)
    {
        lock (_lock)
        {
            return [.. chunks.Select((chunk, i) =>
            {
                var (frames, wanted) = chunk;
                var entry = new Entry(frames.Path, fileOf(i), frames.Renditions, frames.EstimatedBytes, sequential: true);
                var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                entry.Loaded = arrived.Task;
                var registered = wanted && _entries.TryAdd(entry.Key, entry);
                return new ExpectedFrames(this, entry, arrived, registered);
            })];
        }
    }

    private void Arrive(Entry entry, TaskCompletionSource arrived)
    {
        MarkReady(entry);
        arrived.TrySetResult();
    }

    /// <summary>The frames are complete on disk: the budget learns their true size, and nobody waiting means they linger.</summary>
    private void MarkReady(Entry entry)
    {
        var actual = new FileInfo(entry.File).Length;
        _budget.Resize(entry.Bytes, actual);
        lock (_lock)
        {
            entry.Bytes = actual;
            entry.Ready = true;
            if (entry.Users == 0) Linger(entry);
        }
    }

    private void Discard(Entry entry)
    {
        DeleteFile(entry.File);
        _budget.Return(entry.Bytes);
    }

    private void Miss(Entry entry, TaskCompletionSource arrived, Exception error, bool reserved)
    {
        lock (_lock) Forget(entry);
        if (reserved) _budget.Return(entry.Bytes);
        DeleteFile(entry.File);
        arrived.TrySetException(error);
    }

    private async Task LoadAsync(Entry entry, ChunkWork work)
    {
        await Task.Yield(); // the caller holds the lock
        await _budget.TakeAsync(entry.Bytes);
        try
        {
            await slots.RunAsync(async ct =>
            {
                await decoder.DecodeAsync(work.SourcePath, work.Chunk, entry.File, options.Value.ThreadsPerEncode, ct);
                return true;
            }, CancellationToken.None);
            Interlocked.Increment(ref _decodes);
            MarkReady(entry);
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
        DeleteFile(entry.File);
        _budget.Return(entry.Bytes);
    }

    private void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not delete decoded frames {Path}: {Error}", path, e.Message);
        }
    }

    private bool Forget(Entry entry) =>
        _entries.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry) && _entries.Remove(entry.Key);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values.ToArray()) Drop(entry);
        }
    }

    internal sealed class Entry(string key, string file, int renditions, long bytes, bool sequential)
    {
        /// <summary>The path the job named for the chunk's frames: what renditions ask for.</summary>
        public string Key { get; } = key;

        /// <summary>Where the frames really are: the key itself, or the sequential decode's file.</summary>
        public string File { get; } = file;

        public bool Sequential { get; } = sequential;
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

    /// <summary>
    /// A chunk that a sequential decode is writing: reserve its room before the decode starts writing it,
    /// then say it arrived (the file is complete) or is missing (its renditions then decode it themselves).
    /// </summary>
    public sealed class ExpectedFrames
    {
        private readonly SharedChunkFrames _owner;
        private readonly Entry _entry;
        private readonly TaskCompletionSource _arrived;
        private readonly bool _registered;
        private bool _reserved;

        internal ExpectedFrames(SharedChunkFrames owner, Entry entry, TaskCompletionSource arrived, bool registered) =>
            (_owner, _entry, _arrived, _registered) = (owner, entry, arrived, registered);


        public string File => _entry.File;

        /// <summary>Waits for room for these frames; a cancelled wait reserves nothing.</summary>
        public async Task ReserveAsync(CancellationToken cancellationToken = default)
        {
            if (_reserved) return;
            await _owner._budget.TakeAsync(_entry.Bytes, cancellationToken);
            _reserved = true;
        }

        public void Arrived()
        {
            if (!_reserved) throw new InvalidOperationException("frames arrived without room reserved for them");
            if (_registered) _owner.Arrive(_entry, _arrived);
            else _owner.Discard(_entry);
        }

        public void Missing(Exception error)
        {
            if (_arrived.Task.IsCompleted) return;
            _owner.Miss(_entry, _arrived, error, _reserved);
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

        public string Path => _entry.File;

        public void Complete() => _completed = true;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _owner.Release(_entry, _completed ? _rendition : null);
        }
    }
}
