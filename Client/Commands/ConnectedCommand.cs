using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

/// <summary>
/// Connects to the region, runs the command, and turns every expected failure into one line on
/// standard error and a distinct exit code (see <see cref="ExitCodes"/>), never a stack trace.
/// </summary>
public abstract class ConnectedCommand<TSettings> : AsyncCommand<TSettings> where TSettings : ConnectedSettings
{
    public sealed override Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken) =>
        CommandGuard.Run(async () =>
        {
            var options = ClientConfiguration.Resolve(settings);
            // A regions file names every region's gateways: the command's own region is found there too.
            if (settings.RegionsFile is { } regionsFile) options = RegionEndpoints.Resolve(settings, regionsFile)[options.Region];
            await using var connection = await ClusterConnection.ConnectAsync(options, cancellationToken);
            return await RunAsync(connection.Client, settings, cancellationToken);
        });

    protected abstract Task<int> RunAsync(IClusterClient client, TSettings settings, CancellationToken cancellationToken);
}

/// <summary>Turns the expected failures of a command into one line on standard error and an exit code.</summary>
public static class CommandGuard
{
    /// <summary>Runs a command body, turning the expected failures into one line and an exit code.</summary>
    public static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ClusterUnreachableException e)
        {
            return Fail(e.Message, ExitCodes.Unreachable);
        }
        catch (NotFoundException e)
        {
            return Fail(e.Message, ExitCodes.NotFound);
        }
        catch (UntrustedCallerException e)
        {
            return Fail($"refused: {e.Message}", ExitCodes.Rejected);
        }
        catch (EmailTakenException e)
        {
            // Refused like a play the service turns down: the line names why, the exit code is 5.
            Console.Error.WriteLine($"refused (EmailTaken): {e.Message}");
            return ExitCodes.Rejected;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            return Fail($"the cluster stopped answering: {e.Message}", ExitCodes.Unreachable);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", ExitCodes.Failed);
        }
        catch (Exception e) when (e is OrleansException or Orleans.Serialization.SerializerException)
        {
            // A failure inside the cluster (its database refusing connections, say) whose own exception could not travel.
            return Fail($"the cluster failed the request: {e.Message}", ExitCodes.Failed);
        }
    }

    private static int Fail(string message, int code)
    {
        // Plain text, one line, never wrapped: scripts grep it and people read it.
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return code;
    }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Unreachable = 3;
    public const int NotFound = 4;
    public const int Rejected = 5;
}
