using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>The silo as a user starts it: a real process with real arguments.</summary>
public sealed class SiloProcessTests
{
    [Fact]
    public async Task UnreachableDatabase_SaysSo_AndExitsNonZeroWithinSeconds()
    {
        var port = FreePort.Next();

        var result = await BuiltApp.Silo.RunAsync(
            ["--region", "us-west", "--connection-string", $"Host=127.0.0.1;Port={port};Username=postgres;Database=netflix_us_west"],
            TimeSpan.FromSeconds(30));

        Assert.Equal(SiloProgram.ExitBadSetup, result.ExitCode);
        Assert.Contains($"cannot reach PostgreSQL for region us-west at 127.0.0.1:{port}/netflix_us_west", result.StdErr);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(15), $"took {result.Elapsed}");
        Assert.DoesNotContain(SiloProgram.ReadyMarker, result.StdOut);
    }

    [Theory]
    [InlineData("--regin", "us-east")]
    [InlineData("--region", "mars-north")]
    [InlineData("--storage", "adonet")]
    [InlineData("--metrics-port", "70000")]
    [InlineData("--instance", "abc")]
    [InlineData("db", "status")]
    [InlineData("db", "--region")]
    public async Task BadArguments_AreOneClearError(string flag, string value)
    {
        var result = await BuiltApp.Silo.RunAsync([flag, value], TimeSpan.FromSeconds(30));

        Assert.Equal(SiloProgram.ExitBadSetup, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
    }

    [Theory]
    [InlineData("--Netflix:Region", "mars-north")]
    [InlineData("--storage=memory", "--Netflix:Region=mars-north")]
    public async Task ConfigurationKeysAsSwitches_ReachTheSettings(string first, string second)
    {
        var result = await BuiltApp.Silo.RunAsync([first, second], TimeSpan.FromSeconds(30));

        Assert.Equal(SiloProgram.ExitBadSetup, result.ExitCode);
        Assert.Equal("error: unknown region 'mars-north': expected one of us-east, us-west, eu-west", result.StdErr.Trim());
    }

    [Fact]
    public async Task Help_ListsTheSwitchesAndDbInit()
    {
        var silo = await BuiltApp.Silo.RunAsync(["--help"], TimeSpan.FromSeconds(30));
        var db = await BuiltApp.Silo.RunAsync(["db", "init", "--help"], TimeSpan.FromSeconds(30));

        Assert.Equal(SiloProgram.ExitOk, silo.ExitCode);
        foreach (var option in new[] { "--region", "--instance", "--storage", "--connection-string", "--metrics-port", "--dashboard-port", "--environment" })
            Assert.Contains(option, silo.StdOut);
        Assert.Matches(@"(?m)^\s+db\s", silo.StdOut);
        Assert.Equal(SiloProgram.ExitOk, db.ExitCode);
        Assert.Contains("--connection-string", db.StdOut);
        Assert.DoesNotContain(SiloProgram.ReadyMarker, silo.StdOut + db.StdOut);
    }
}
