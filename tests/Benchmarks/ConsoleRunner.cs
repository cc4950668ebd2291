using System.Runtime.InteropServices;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// What every benchmark mode does around its measurement (its options already parsed and validated): warn on a Debug
/// build, cancel on Ctrl+C or SIGTERM, and turn a failure into one line and exit 1.
/// </summary>
public static class ConsoleRunner
{
    public static async Task<int> RunAsync(string name, Func<CancellationToken, Task> run)
    {
        if (Report.IsDebugBuild)
            Console.Error.WriteLine("warning: this is a Debug build, so the numbers mean little; run with -c Release");

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // SIGTERM (kill, timeout) cancels the same way. Without this the in-process silos' and clients' hosts take it (each
        // only flags its own stop) and the run goes on to the end as if nothing had been sent.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        try
        {
            await run(stop.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: {name} cancelled");
            return 1;
        }
        catch (Exception e)
        {
            var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Console.Error.WriteLine($"error: {name} failed: {e.GetType().Name}: {message}");
            return 1;
        }
    }
}
