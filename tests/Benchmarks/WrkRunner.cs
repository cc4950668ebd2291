using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>wrk's count of failed requests: sockets that could not connect, read or write, HTTP status 400 and up, and requests over its timeout.</summary>
public sealed record WrkErrors(
    [property: JsonPropertyName("connect")] long Connect,
    [property: JsonPropertyName("read")] long Read,
    [property: JsonPropertyName("write")] long Write,
    [property: JsonPropertyName("status")] long Status,
    [property: JsonPropertyName("timeout")] long Timeout)
{
    public long Total => Connect + Read + Write + Status + Timeout;
}

/// <summary>One wrk run as its script's <c>done</c> reports it: bytes are what came over the socket, headers included.</summary>
public sealed record WrkResult(
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("duration_us")] long DurationMicroseconds,
    [property: JsonPropertyName("errors")] WrkErrors Errors,
    [property: JsonPropertyName("latency_p50_us")] long P50Microseconds,
    [property: JsonPropertyName("latency_p99_us")] long P99Microseconds)
{
    public TimeSpan Duration => TimeSpan.FromMicroseconds(DurationMicroseconds);

    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public double MegabytesPerSecond => Bytes / 1e6 / Duration.TotalSeconds;
}

/// <summary>
/// Drives one server with wrk (HTTP/1.1 keep-alive, <c>-t</c> threads, <c>-c</c> connections) through a Lua
/// script that cycles through a title's files, so every request fetches a real segment, init segment or
/// playlist, and prints its totals as one JSON line. A failed request of any kind, or responses shorter
/// than the files asked for (a 304 or an empty 200), fails the run: a fast wrong answer is no result.
/// </summary>
public sealed class WrkRunner(string executable, string folder, int threads, int connections)
{
    private const string ResultPrefix = "{\"requests\"";

    /// <summary>Runs wrk against <paramref name="baseUrl"/> for <paramref name="seconds"/>, requesting <paramref name="paths"/> in turn.</summary>
    public async Task<WrkResult> RunAsync(string server, string baseUrl, IReadOnlyList<string> paths, double meanFileBytes, int seconds, CancellationToken cancellationToken)
    {
        var script = Path.Combine(folder, $"{server}.lua");
        await File.WriteAllTextAsync(script, Script(paths), cancellationToken);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "-s", script, baseUrl }) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"wrk against {server} exited with {process.ExitCode} and no result: {OneLine(await stderr + output)}");

        var result = JsonSerializer.Deserialize<WrkResult>(line) ?? throw new InvalidOperationException($"wrk printed an empty result: {line}");
        var e = result.Errors;
        if (e.Total > 0)
        {
            throw new InvalidOperationException(
                $"{server}: {e.Total} of {result.Requests} requests failed (connect {e.Connect}, read {e.Read}, write {e.Write}, " +
                $"HTTP status >= 400 {e.Status}, timeout {e.Timeout})");
        }
        if (result.Requests == 0) throw new InvalidOperationException($"{server} completed no request in {seconds} s");
        // Files are requested in turn, so the mean response is about the mean file, plus headers; a 304
        // or any other short answer (wrk counts only >= 400 as errors) brings it well below.
        var bytesPerResponse = result.Bytes / (double)result.Requests;
        if (bytesPerResponse < 0.9 * meanFileBytes)
            throw new InvalidOperationException($"{server}: responses averaged {bytesPerResponse:0} bytes, the files {meanFileBytes:0}: some were not the whole file");
        return result;
    }

    /// <summary>
    /// The Lua script: each thread formats every request once, then cycles through them (threads start
    /// at different files); <c>done</c> writes the totals, errors and latency percentiles (µs) as JSON.
    /// </summary>
    private static string Script(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            if (path.Any(c => c is '"' or '\\' || char.IsControl(c))) throw new ArgumentException($"the path '{path}' cannot go into a Lua string");
        }
        var list = string.Join(",\n", paths.Select(p => $"  \"{p}\""));
        return $$"""
            -- Written by the Orleans.Netflix edge benchmark.
            local paths = {
            {{list}}
            }
            local prepared = {}
            local position = 0
            local started = 0

            function setup(thread)
              thread:set("first", started)
              started = started + 1
            end

            function init(args)
              for i, path in ipairs(paths) do
                prepared[i] = wrk.format("GET", path)
              end
              position = (first * 7) % #prepared
            end

            function request()
              position = position % #prepared + 1
              return prepared[position]
            end

            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('{"requests":%d,"bytes":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latency_p50_us":%d,"latency_p99_us":%d}\n',
                summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(99)))
            end

            """;
    }

    private static string OneLine(string text) =>
        string.Join(" | ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(6));
}
