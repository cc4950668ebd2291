using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The clean-decode checks of the chunks this silo encodes, the renditions of one chunk decoded together
/// by one ffmpeg process. A check on its own spends about as much CPU starting ffmpeg (about 0.1 s: Debian's
/// build binds 215 libraries at start) as decoding a small rendition's chunk.
/// </summary>
/// <remarks>
/// A rendition joins its chunk's group before it encodes (<see cref="Join"/>) and hands in its file once
/// encoded. The group is decoded when every member that joined has handed in a file or left (failed, or
/// cancelled), so nobody waits for a rendition that is not coming; one that joins after that starts a new
/// group. The checks run in the silo's ffmpeg slots. When a group's process reports a decoder error, its
/// files are decoded again one at a time to find which one it was.
/// </remarks>
public sealed class ChunkDecodeChecks(FfmpegSlots slots, IOptions<EncodingOptions> options, ILogger<ChunkDecodeChecks> logger)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Group> _open = new(StringComparer.Ordinal);
    private int _processes;

    /// <summary>How many ffmpeg processes the checks have run on this silo.</summary>
    public int Processes => _processes;

    /// <summary>Joins the group of files to be decoded together (the renditions of one chunk).</summary>
    public Ticket Join(string group)
    {
        lock (_lock)
        {
            if (!_open.TryGetValue(group, out var open)) _open.Add(group, open = new Group(group));
            open.Joined++;
            return new Ticket(this, open);
        }
    }

    private void HandIn(Group group, Member member)
    {
        lock (_lock)
        {
            group.Members.Add(member);
            CloseIfComplete(group);
        }
    }

    private void Leave(Group group)
    {
        lock (_lock)
        {
            group.Joined--;
            CloseIfComplete(group);
        }
    }

    private void CloseIfComplete(Group group)
    {
        if (group.Members.Count < group.Joined) return;
        if (_open.TryGetValue(group.Key, out var current) && ReferenceEquals(current, group)) _open.Remove(group.Key);
        if (group.Members.Count > 0) _ = DecodeAsync([.. group.Members]);
    }

    private async Task DecodeAsync(Member[] members)
    {
        await Task.Yield(); // the caller holds the lock
        try
        {
            var results = await RunAsync([.. members.Select(m => m.File)]);
            if (results is null)
            {
                logger.LogInformation("A decoder error among {Count} chunks decoded together; decoding them one at a time", members.Length);
                foreach (var member in members) await DecodeAloneAsync(member);
                return;
            }
            for (var i = 0; i < members.Length; i++) members[i].Result.TrySetResult(results[i]);
        }
        catch (Exception e) when (members.Length > 1)
        {
            logger.LogInformation("Decoding {Count} chunks together failed ({Error}); decoding them one at a time", members.Length, e.Message);
            foreach (var member in members) await DecodeAloneAsync(member);
        }
        catch (Exception e)
        {
            members[0].Result.TrySetException(e);
        }
    }

    private async Task DecodeAloneAsync(Member member)
    {
        try
        {
            member.Result.TrySetResult((await RunAsync([member.File]))![0]);
        }
        catch (Exception e)
        {
            member.Result.TrySetException(e);
        }
    }

    private Task<ChunkDecodeResult[]?> RunAsync(string[] files) => slots.RunAsync(ct =>
    {
        Interlocked.Increment(ref _processes);
        return ChunkDecoding.DecodeAsync(files, options.Value.ThreadsPerEncode, ct);
    }, CancellationToken.None);

    internal sealed class Group(string key)
    {
        public string Key { get; } = key;
        public int Joined { get; set; }
        public List<Member> Members { get; } = [];
    }

    internal sealed record Member(string File)
    {
        public TaskCompletionSource<ChunkDecodeResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One rendition's place in its group: hand in one file with <see cref="CheckAsync"/>, or dispose to leave.</summary>
    public sealed class Ticket : IDisposable
    {
        private readonly ChunkDecodeChecks _owner;
        private readonly Group _group;
        private int _used;

        internal Ticket(ChunkDecodeChecks owner, Group group)
        {
            _owner = owner;
            _group = group;
        }

        /// <summary>Hands in the encoded file and waits for its group to be decoded.</summary>
        public Task<ChunkDecodeResult> CheckAsync(string file, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _used, 1) != 0) throw new InvalidOperationException("a ticket checks one file");
            var member = new Member(file);
            _owner.HandIn(_group, member);
            return member.Result.Task.WaitAsync(cancellationToken);
        }

        /// <summary>Leaves the group if no file was handed in, so the others are not kept waiting.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _used, 1) == 0) _owner.Leave(_group);
        }
    }
}
