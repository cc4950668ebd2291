using System.ComponentModel;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Press play: start a session, stream the title over HTTP from the steered edges with adaptive bitrate, print the QoE summary")]
public sealed class PlayCommand : AsyncCommand<PlayCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<TITLE>"), Description("the title to play")]
        public string TitleId { get; init; } = "";

        [CommandOption("-m|--member <MEMBER_ID>"), Description("who is watching")]
        public string? MemberId { get; init; }

        [CommandOption("--device <KIND>"), Description("tv, web, phone or tablet (default web)")]
        public DeviceKind Device { get; init; } = DeviceKind.Web;

        [CommandOption("--location <SITE>"), Description("where the client is, for steering (default: the region's first site, 'local')")]
        public string Location { get; init; } = "local";

        [CommandOption("--trace <FILE>"), Description("shape downloads by a bandwidth trace (seconds<TAB>Mbit/s per line)")]
        public string? Trace { get; init; }

        [CommandOption("--speed <N>"), Description("media seconds per wall second (default 1)")]
        public double Speed { get; init; } = 1;

        [CommandOption("--seconds <N>"), Description("stop after this many seconds of content (default: to the end)")]
        public double? Seconds { get; init; }

        [CommandOption("--audio <LANG>"), Description("audio language (default: the member's)")]
        public string? Audio { get; init; }

        [CommandOption("--subtitles <LANG>"), Description("subtitle language, or 'off' (default: the member's when the audio is in another)")]
        public string? Subtitles { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(MemberId) ? ValidationResult.Error("--member is required")
            : Speed is <= 0 or > 1000 ? ValidationResult.Error("--speed must be above 0 and at most 1000")
            : Seconds is <= 0 ? ValidationResult.Error("--seconds must be above 0")
            : Trace is not null && !File.Exists(Trace) ? ValidationResult.Error($"--trace: no file '{Trace}'")
            : ValidationResult.Success();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandGuard.Run(async () =>
        {
            // Every region reachable, nearest first: the session moves with the client if its region fails or is evacuated.
            await using var connections = new RegionConnections(RegionEndpoints.Resolve(settings, settings.RegionsFile));
            var router = new RegionRouter(RegionRouter.PreferenceFrom(Connection.ClientConfiguration.Resolve(settings).Region), connections);
            using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var probes = router.RunProbesAsync(probing.Token);
            try
            {
                return await PlayAsync(router, settings, cancellationToken);
            }
            finally
            {
                await probing.CancelAsync();
                await probes;
            }
        });

    private static async Task<int> PlayAsync(RegionRouter router, Settings settings, CancellationToken cancellationToken)
    {
        var sessionId = $"play-{Guid.NewGuid():N}";
        IPlaybackSessionGrain Session(IGrainFactory grains) => grains.GetGrain<IPlaybackSessionGrain>(sessionId);
        using var pressPlay = PressPlayTrace.Start(settings.TitleId, settings.MemberId!);
        var start = await router.CallAsync(g => Session(g).StartPlayback(new PlaybackRequest(settings.MemberId!, settings.TitleId, settings.Device,
            router.Current!, settings.Location, settings.Audio, settings.Subtitles)), cancellationToken);
        if (start.Manifest is not { } manifest)
        {
            Console.Error.WriteLine($"refused ({start.Refusal!.Reason}): {start.Refusal.Message}");
            return ExitCodes.Rejected;
        }

        var assets = await router.CallAsync(g => g.GetGrain<ITitleAssetsGrain>(settings.TitleId).Get(), cancellationToken)
                     ?? throw new InvalidOperationException("the title lost its media");
        pressPlay.Leave();
        var options = new PlayerOptions
        {
            Speed = settings.Speed,
            PlaySeconds = settings.Seconds,
            Trace = settings.Trace is null ? null : BandwidthTrace.Load(settings.Trace),
            HeartbeatEvery = manifest.HeartbeatEvery,
            PressPlay = pressPlay.Context,
        };
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var player = new Player(http, options);
        var last = manifest.StartPosition;
        PlaybackHeartbeat? lastBeat = null;
        using var oneBeatAtATime = new SemaphoreSlim(1, 1);
        async Task Heartbeat(PlaybackHeartbeat beat)
        {
            lastBeat = beat;
            // One at a time: a beat sent on a region move must not race one still on its way to the old region,
            // or two regions' activations of the session write at once and one loses (InconsistentStateException).
            await oneBeatAtATime.WaitAsync(cancellationToken);
            try
            {
                await router.CallAsync(g => Session(g).Heartbeat(beat), cancellationToken);
            }
            catch (Orleans.Storage.InconsistentStateException)
            {
                await router.CallAsync(g => Session(g).Heartbeat(beat), cancellationToken); // reactivated from the newer state
            }
            finally
            {
                oneBeatAtATime.Release();
            }
        }
        // A client that moved region tells its new region at once, so the session is served there from now on.
        router.Moved += move =>
        {
            if (move.From is not null && lastBeat is { } beat) _ = Heartbeat(beat).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        Task Stop(TimeSpan position, QoeSummary? qoe) => router.CallAsync(g => Session(g).StopPlayback(position, qoe), CancellationToken.None);

        try
        {
            PlayResult result;
            if (settings.Json) result = await player.PlayAsync(manifest, assets, Heartbeat, p =>
            {
                last = p.Position;
                pressPlay.End(); // the first segment is in
            }, cancellationToken);
            else
            {
                PlayOutput.Started(manifest, settings);
                result = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var bar = ctx.AddTask("starting", maxValue: 1);
                        var r = await player.PlayAsync(manifest, assets, Heartbeat, p =>
                        {
                            last = p.Position;
                            pressPlay.End();
                            bar.MaxValue = p.SegmentsTotal;
                            bar.Value = p.SegmentsDone;
                            bar.Description = $"{PlayOutput.ProgressLine(p)} region {router.Current}";
                        }, cancellationToken);
                        bar.Value = bar.MaxValue;
                        return r;
                    });
            }
            await Stop(result.EndPosition, result.Qoe);
            PlayOutput.Report(manifest, result, router.Moves, settings.Json);
            return ExitCodes.Ok;
        }
        catch (PlaybackFailedException e)
        {
            await Stop(last, null);
            Console.Error.WriteLine($"error: playback failed at {last:hh\\:mm\\:ss}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await Stop(last, null);
            throw;
        }
    }
}
