namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks pipeline [--seconds N] [--json]</c>: the media pipeline against one ffmpeg command.
/// Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
public static class PipelineProgram
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        PipelineOptions options;
        try
        {
            options = PipelineOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        if (Report.IsDebugBuild)
            Console.Error.WriteLine("warning: this is a Debug build; the pipeline's own code runs slower, so run with -c Release");

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        try
        {
            var result = await PipelineBenchmark.RunAsync(options, Console.Error, stop.Token);
            if (options.Json) PipelineReport.WriteJson(result);
            else PipelineReport.WriteTable(result);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("error: benchmark cancelled");
            return 1;
        }
        catch (Exception e)
        {
            var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Console.Error.WriteLine($"error: pipeline benchmark failed: {e.GetType().Name}: {message}");
            return 1;
        }
    }
}
