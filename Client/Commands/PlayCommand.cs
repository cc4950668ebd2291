using System.ComponentModel;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Client.Regions;
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
        using var session = new PlaybackSession(router, cancellationToken);
        using var pressPlay = PressPlayTrace.Start(settings.TitleId, settings.MemberId!);
        var start = await session.StartAsync(region => new PlaybackRequest(settings.MemberId!, settings.TitleId, settings.Device,
            region, settings.Location, settings.Audio, settings.Subtitles));
        if (start.Manifest is not { } manifest)
        {
            Console.Error.WriteLine($"refused ({start.Refusal!.Reason}): {start.Refusal.Message}");
            return ExitCodes.Rejected;
        }

        var assets = await session.IndexAsync(settings.TitleId);
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

        try
        {
            PlayResult result;
            if (settings.Json) result = await player.PlayAsync(manifest, assets, session.HeartbeatAsync, p =>
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
                        var r = await player.PlayAsync(manifest, assets, session.HeartbeatAsync, p =>
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
            await session.StopAsync(result.EndPosition, result.Qoe);
            PlayOutput.Report(manifest, result, router.Moves, settings.Json);
            return ExitCodes.Ok;
        }
        catch (PlaybackFailedException e)
        {
            await session.StopAsync(last, null);
            Console.Error.WriteLine($"error: playback failed at {last:hh\\:mm\\:ss}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await session.StopAsync(last, null);
            throw;
        }
    }
}
