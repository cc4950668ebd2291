using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>One call the load made: what, when it began and ended (from the load's start), and its error if it failed.</summary>
public sealed record LoadCall(string Kind, TimeSpan Began, TimeSpan Ended, string? Error)
{
    public bool Failed => Error is not null;

    public TimeSpan Took => Ended - Began;
}

/// <summary>
/// A steady load on one region through an Orleans client, as members make it: players press play (a new session each
/// time), heartbeat it a few times and stop it, and writers set resume points, each to a title of its own. Every call is
/// recorded (<see cref="Calls"/>), and so is every write the region acknowledged, so that <see cref="LostAsync"/> can read
/// each one back afterwards. Workers pause between calls, so the load is steady rather than as fast as the machine goes,
/// and go on after a failed call as a client would (a failed play is abandoned; its stream slot lapses).
/// </summary>
public sealed class PlayAndWriteLoad
{
    public const string StartKind = "start";
    public const string HeartbeatKind = "heartbeat";
    public const string StopKind = "stop";
    public const string WriteKind = "write";
    public static readonly string[] Kinds = [StartKind, HeartbeatKind, StopKind, WriteKind];

    private const int MembersPerPlayer = 4; // Premium: 4 streams each, so an abandoned play's lapsing slot never blocks the next
    private const int HeartbeatsPerPlay = 3;
    private static readonly MemberProfile Profile = new("Load", "US", "en", MaturityRating.Age18);

    private readonly IGrainFactory _grains;
    private readonly string _titleId;
    private readonly string _region;
    private readonly string _prefix;
    private readonly int _players;
    private readonly int _writers;
    private readonly int _writeMembers;
    private readonly TimeSpan _pause;
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentQueue<LoadCall> _calls = new();
    private readonly ConcurrentDictionary<int, bool> _writes = new();
    private readonly ConcurrentDictionary<string, (string Member, TimeSpan Position, bool Stopped)> _sessions = new();
    private int _nextWrite = -1;

    private PlayAndWriteLoad(IGrainFactory grains, string titleId, string region, string prefix, int players, int writers, int writeMembers, TimeSpan pause)
    {
        (_grains, _titleId, _region, _prefix, _players, _writers, _writeMembers, _pause) = (grains, titleId, region, prefix, players, writers, writeMembers, pause);
    }

    /// <summary>Time since the load started, on the clock its calls are recorded with.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<LoadCall> Calls => [.. _calls];

    public int AcknowledgedWrites => _writes.Count;

    public int AcknowledgedSessions => _sessions.Count;

    /// <summary>Registers the members the load uses (players' and writers'), ready to <see cref="Run"/>.</summary>
    public static async Task<PlayAndWriteLoad> PrepareAsync(IGrainFactory grains, string titleId, string region, string prefix,
        int players = 4, int writers = 4, int writeMembers = 64, TimeSpan? pause = null)
    {
        var load = new PlayAndWriteLoad(grains, titleId, region, prefix, players, writers, writeMembers, pause ?? TimeSpan.FromMilliseconds(20));
        var members = Enumerable.Range(0, players).SelectMany(p => Enumerable.Range(0, MembersPerPlayer).Select(m => load.PlayerMember(p, m)))
            .Concat(Enumerable.Range(0, writeMembers).Select(load.WriteMember));
        foreach (var batch in members.Chunk(32))
            await Task.WhenAll(batch.Select(m => grains.GetGrain<IMemberGrain>(m).Register(Profile, PlanTier.Premium, [])));
        return load;
    }

    /// <summary>Runs every worker until <paramref name="stop"/> is cancelled; the returned task ends when they all have.</summary>
    public Task Run(CancellationToken stop)
    {
        _clock.Start();
        return Task.WhenAll(Enumerable.Range(0, _players).Select(p => Task.Run(() => PlayAsync(p, stop)))
            .Concat(Enumerable.Range(0, _writers).Select(_ => Task.Run(() => WriteAsync(stop)))));
    }

    private string PlayerMember(int player, int index) => $"m-{_prefix}-p{player}-{index}";

    private string WriteMember(int index) => $"m-{_prefix}-w{index}";

    private async Task PlayAsync(int player, CancellationToken stop)
    {
        for (var play = 0; !stop.IsCancellationRequested; play++)
        {
            var member = PlayerMember(player, play % MembersPerPlayer);
            var sessionId = $"s-{_prefix}-{player}-{play}";
            var session = _grains.GetGrain<IPlaybackSessionGrain>(sessionId);
            var started = await CallAsync(StartKind, async () =>
            {
                var start = await session.StartPlayback(new PlaybackRequest(member, _titleId, DeviceKind.Tv, _region, "local"));
                if (start.Manifest is null) throw new InvalidOperationException($"play refused: {start.Refusal?.Message}");
            });
            if (started) _sessions[sessionId] = (member, TimeSpan.Zero, false);
            for (var beat = 1; started && beat <= HeartbeatsPerPlay && !stop.IsCancellationRequested; beat++)
            {
                await Task.Delay(_pause, CancellationToken.None);
                var position = TimeSpan.FromSeconds(10 * beat);
                started = await CallAsync(HeartbeatKind, () => session.Heartbeat(new PlaybackHeartbeat(position, 3000, 12, 0, "edge")));
                if (started) _sessions[sessionId] = (member, position, false);
            }
            if (started)
            {
                await Task.Delay(_pause, CancellationToken.None);
                var end = TimeSpan.FromSeconds(10 * HeartbeatsPerPlay + 5) + TimeSpan.FromMilliseconds(play); // each play's viewing its own
                if (await CallAsync(StopKind, () => session.StopPlayback(end, null))) _sessions[sessionId] = (member, end, true);
            }
            await Task.Delay(_pause, CancellationToken.None);
        }
    }

    private async Task WriteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var i = Interlocked.Increment(ref _nextWrite);
            if (await CallAsync(WriteKind, () => _grains.GetGrain<IMemberGrain>(WriteMember(i % _writeMembers)).SetResumePoint(WriteTitle(i), WritePosition(i))))
                _writes[i] = true;
            await Task.Delay(_pause, CancellationToken.None);
        }
    }

    private static string WriteTitle(int i) => $"t-w{i}";

    private static TimeSpan WritePosition(int i) => TimeSpan.FromSeconds(i + 1);

    private async Task<bool> CallAsync(string kind, Func<Task> call)
    {
        var began = _clock.Elapsed;
        string? error = null;
        try
        {
            await call();
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
        }
        _calls.Enqueue(new LoadCall(kind, began, _clock.Elapsed, error));
        return error is null;
    }

    /// <summary>
    /// Reads back every acknowledged write: each resume point set, each session started (at its last acknowledged
    /// heartbeat's position or later), each stop (the session stopped, the viewing in the member's history).
    /// Returns one line per write that is not there; empty when none was lost.
    /// </summary>
    public async Task<IReadOnlyList<string>> LostAsync()
    {
        var lost = new ConcurrentBag<string>();
        foreach (var batch in _writes.Keys.GroupBy(i => WriteMember(i % _writeMembers)).Chunk(16))
        {
            await Task.WhenAll(batch.Select(async writes =>
            {
                var member = await _grains.GetGrain<IMemberGrain>(writes.Key).Get();
                foreach (var i in writes)
                {
                    if (member?.ResumePoints.FirstOrDefault(r => r.TitleId == WriteTitle(i))?.Position != WritePosition(i))
                        lost.Add($"resume point {WriteTitle(i)} of {writes.Key}");
                }
            }));
        }
        foreach (var batch in _sessions.Chunk(32))
        {
            await Task.WhenAll(batch.Select(async pair =>
            {
                var (sessionId, (memberId, position, stopped)) = pair;
                var view = await _grains.GetGrain<IPlaybackSessionGrain>(sessionId).Get();
                if (view is null) lost.Add($"session {sessionId}: not there");
                else if (view.Position < position) lost.Add($"session {sessionId}: at {view.Position}, acknowledged {position}");
                else if (stopped && view.Status != PlaybackStatus.Stopped) lost.Add($"session {sessionId}: {view.Status}, acknowledged stopped");
                if (stopped)
                {
                    var member = await _grains.GetGrain<IMemberGrain>(memberId).Get();
                    if (member?.History.Any(h => h.TitleId == _titleId && h.Position == position) != true)
                        lost.Add($"viewing of session {sessionId} not in {memberId}'s history");
                }
            }));
        }
        return [.. lost.Order(StringComparer.Ordinal)];
    }
}
