using Microsoft.Extensions.Logging;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Gathers one step of the renditions of a chunk on this silo (their encodes, their decode checks) and
/// runs it once for all of them, in one ffmpeg process instead of one each. Debian's ffmpeg spends about
/// 0.1 CPU s just starting (it binds 215 libraries at start), and the renditions of a chunk all read the
/// same frames.
/// </summary>
/// <remarks>
/// A rendition joins its chunk's group before it starts (<see cref="Join"/>) and hands in its item when it
/// gets to the step. The group runs when every member that joined has handed in or left (failed, or
/// cancelled), so nobody waits for a rendition that is not coming; one that joins after that starts a new
/// group. When the batch cannot say which item went wrong (it returns null, or throws), each item runs
/// alone (side by side, as the silo's ffmpeg slots allow),
/// so one bad rendition never fails the others.
/// </remarks>
public sealed class RenditionBatches<TItem, TResult>(
    Func<IReadOnlyList<TItem>, Task<TResult[]?>> together, Func<TItem, Task<TResult>> alone, string step, ILogger logger)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Group> _open = new(StringComparer.Ordinal);

    /// <summary>Joins the group of the chunk's renditions (<paramref name="group"/> names the job's chunk).</summary>
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
        if (group.Members.Count > 0) _ = RunAsync([.. group.Members]);
    }

    private async Task RunAsync(Member[] members)
    {
        await Task.Yield(); // the caller holds the lock
        if (members.Length == 1)
        {
            await RunAloneAsync(members[0]);
            return;
        }
        TResult[]? results;
        try
        {
            results = await together([.. members.Select(m => m.Item)]);
        }
        catch (Exception e)
        {
            logger.LogInformation("{Step} of {Count} renditions together failed ({Error}); running them one at a time", step, members.Length, e.Message);
            results = null;
        }
        if (results is null || results.Length != members.Length)
        {
            if (results is not null) logger.LogWarning("{Step} of {Count} renditions gave {Results} results", step, members.Length, results.Length);
            await Task.WhenAll(members.Select(RunAloneAsync));
            return;
        }
        for (var i = 0; i < members.Length; i++) members[i].Result.TrySetResult(results[i]);
    }

    private async Task RunAloneAsync(Member member)
    {
        try
        {
            member.Result.TrySetResult(await alone(member.Item));
        }
        catch (Exception e)
        {
            member.Result.TrySetException(e);
        }
    }

    internal sealed class Group(string key)
    {
        public string Key { get; } = key;
        public int Joined { get; set; }
        public List<Member> Members { get; } = [];
    }

    internal sealed record Member(TItem Item)
    {
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One rendition's place in its group: hand in one item with <see cref="RunAsync"/>, or dispose to leave.</summary>
    public sealed class Ticket : IDisposable
    {
        private readonly RenditionBatches<TItem, TResult> _owner;
        private readonly Group _group;
        private int _used;

        internal Ticket(RenditionBatches<TItem, TResult> owner, Group group)
        {
            _owner = owner;
            _group = group;
        }

        /// <summary>Hands in the item and waits for its group to have run.</summary>
        public Task<TResult> RunAsync(TItem item, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _used, 1) != 0) throw new InvalidOperationException("a ticket hands in one item");
            var member = new Member(item);
            _owner.HandIn(_group, member);
            return member.Result.Task.WaitAsync(cancellationToken);
        }

        /// <summary>Leaves the group if nothing was handed in, so the others are not kept waiting.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _used, 1) == 0) _owner.Leave(_group);
        }
    }
}
