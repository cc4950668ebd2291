using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints a <see cref="BenchmarkResult"/> as a table or as one JSON object.</summary>
public static class Report
{
    public static bool IsDebugBuild { get; } =
#if DEBUG
        true;
#else
        false;
#endif

    public static string BuildConfiguration => IsDebugBuild ? "Debug" : "Release";

    /// <summary>What every mode's JSON says about the machine it ran on.</summary>
    public static object Machine() => new
    {
        processorCount = Environment.ProcessorCount,
        framework = RuntimeInformation.FrameworkDescription,
        os = RuntimeInformation.OSDescription,
        configuration = BuildConfiguration,
        serverGc = GCSettings.IsServerGC,
    };

    /// <summary>Writes a report as indented JSON, as every mode's <c>--json</c> does.</summary>
    public static void PrintJson(object report) => Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    }));

    public static string MachineLine =>
        $"{Environment.ProcessorCount} logical CPUs, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, " +
        $"{BuildConfiguration} build, {(GCSettings.IsServerGC ? "server" : "workstation")} GC";

    /// <summary>The same measurements for <c>--json</c>: scenario, calls/s, p50 and p99 in microseconds.</summary>
    public static IEnumerable<object> CallRatesJson(IEnumerable<Measurement> measurements) => measurements.Select(m => (object)new
    {
        scenario = m.Scenario,
        callsPerSecond = Math.Round(m.CallsPerSecond, 1),
        p50Microseconds = Math.Round(m.P50Microseconds, 1),
        p99Microseconds = Math.Round(m.P99Microseconds, 1),
    });

    /// <summary>Calls/s, p50, p99 and the ratio to a baseline rate, one row per measurement (press play, browse).</summary>
    public static void WriteCallRates(string title, IEnumerable<Measurement> measurements, double baselineCallsPerSecond, string ratioFormat = "0.00")
    {
        var table = new Table().Title(title)
            .AddColumn("scenario").AddColumn(new TableColumn("calls/s").RightAligned()).AddColumn(new TableColumn("p50").RightAligned())
            .AddColumn(new TableColumn("p99").RightAligned()).AddColumn(new TableColumn("vs no-op").RightAligned());
        foreach (var m in measurements)
        {
            table.AddRow(m.Scenario, $"{m.CallsPerSecond:N0}", $"{m.P50Microseconds / 1000:0.00} ms", $"{m.P99Microseconds / 1000:0.00} ms",
                $"{(m.CallsPerSecond / baselineCallsPerSecond).ToString(ratioFormat)}×");
        }
        AnsiConsole.Write(table);
    }

    public static void WriteTable(BenchmarkResult result)
    {
        var options = result.Options;
        var table = new Table()
            .Title($"external client over TCP: {options.Concurrency} loops, {options.Seconds} s each")
            .AddColumn("scenario")
            .AddColumn(new TableColumn("calls/s").RightAligned())
            .AddColumn(new TableColumn("p50 µs").RightAligned())
            .AddColumn(new TableColumn("p99 µs").RightAligned())
            .AddColumn(new TableColumn("vs no-op").RightAligned());
        foreach (var m in result.All)
        {
            table.AddRow(Markup.Escape(m.Scenario), $"{m.CallsPerSecond:N0}", $"{m.P50Microseconds:N1}", $"{m.P99Microseconds:N1}", $"{result.Ratio(m):0.00}×");
        }
        AnsiConsole.Write(table);
        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        Console.WriteLine(
            $"no-op baseline {result.BaselineCallsPerSecond:N0} calls/s = mean of {result.NoOpBefore.CallsPerSecond:N0} (before) and " +
            $"{result.NoOpAfter.CallsPerSecond:N0} (after); drift {result.NoOpDriftPercent:+0.0;-0.0;0.0} %");
        Console.WriteLine(
            $"member show = {result.Ratio(result.MemberShow):0.00}× no-op rate, title show = {result.Ratio(result.TitleShow):0.00}× no-op rate " +
            $"({BenchmarkResult.Members} members, {BenchmarkResult.Titles} titles, in-memory storage, one silo in this process)");
        Console.WriteLine(
            $"each scenario: {result.WarmUp.TotalSeconds:0} s warm-up, then {options.Seconds} s timed; before them " +
            $"{result.Priming.Rounds} untimed priming round(s) of all three in {result.Priming.Elapsed.TotalSeconds:0.0} s " +
            $"({(result.Priming.Settled ? "JIT settled" : "JIT had NOT settled")})");
        Console.WriteLine($"machine: {MachineLine}");
    }

    /// <summary>Reasons to distrust this run (a Debug build is warned about at start-up and shown in the machine line).</summary>
    public static IEnumerable<string> Warnings(BenchmarkResult result)
    {
        if (!result.Priming.Settled) yield return $"the JIT was still compiling after {result.Priming.Rounds} priming rounds";
        if (Math.Abs(result.NoOpDriftPercent) > 10)
            yield return $"the two no-op runs differ by {result.NoOpDriftPercent:+0.0;-0.0} %: the machine was busy or the runtime still warming up; ratios are rough";
        foreach (var m in new[] { result.MemberShow, result.TitleShow })
        {
            if (m.CallsPerSecond > result.BaselineCallsPerSecond)
                yield return $"{m.Scenario} ran faster than the no-op baseline ({result.Ratio(m):0.00}×): noise exceeds the cost being measured";
        }
    }

    public static void WriteJson(BenchmarkResult result)
    {
        var options = result.Options;
        var report = new
        {
            machine = Report.Machine(),
            settings = new
            {
                seconds = options.Seconds,
                concurrency = options.Concurrency,
                warmUpSeconds = result.WarmUp.TotalSeconds,
                titles = BenchmarkResult.Titles,
                members = BenchmarkResult.Members,
                noOpKeys = BenchmarkResult.NoOpKeys,
                storage = "memory",
            },
            priming = new
            {
                rounds = result.Priming.Rounds,
                settled = result.Priming.Settled,
                seconds = Math.Round(result.Priming.Elapsed.TotalSeconds, 3),
            },
            seedSeconds = Math.Round(result.Seed.Elapsed.TotalSeconds, 3),
            baselineCallsPerSecond = Math.Round(result.BaselineCallsPerSecond, 1),
            noOpDriftPercent = Math.Round(result.NoOpDriftPercent, 2),
            memberShowRatio = Math.Round(result.Ratio(result.MemberShow), 4),
            titleShowRatio = Math.Round(result.Ratio(result.TitleShow), 4),
            warnings = Warnings(result).ToArray(),
            scenarios = result.All.Select(m => new
            {
                name = m.Scenario,
                calls = m.Calls,
                seconds = Math.Round(m.Elapsed.TotalSeconds, 3),
                callsPerSecond = Math.Round(m.CallsPerSecond, 1),
                p50Microseconds = Math.Round(m.P50Microseconds, 1),
                p99Microseconds = Math.Round(m.P99Microseconds, 1),
                ratio = Math.Round(result.Ratio(m), 4),
            }),
        };
        Report.PrintJson(report);
    }
}
