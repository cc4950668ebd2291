using Orleans.Netflix.Hosting.CommandLine;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>
/// The four programs' command lines as a person types them: a switch without its value is the same one line and exit 2
/// everywhere (never a run with Spectre's internal placeholder as the value, nor the next switch taken as the value), and
/// --help lists the switches and runs nothing.
/// </summary>
public sealed class CommandLineTests
{
    public static TheoryData<string, string[], string> SwitchesWithoutTheirValue => new()
    {
        { "Silo", ["--region"], "--region" },
        { "Client", ["genres", "--region"], "--region" },
        { "Client", ["play", "t-00001", "--member", "--device", "tv"], "--member" },
        { "EdgeServer", ["--edge-id", "e1", "--location"], "--location" },
        { "Web", ["--urls", "--region", "us-east"], "--urls" },
    };

    [Theory]
    [MemberData(nameof(SwitchesWithoutTheirValue))]
    public async Task ASwitchWithoutItsValue_IsOneLineAndExit2(string program, string[] args, string named)
    {
        var result = await App(program).RunAsync(args, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.StdOut}{result.StdErr}");
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {named} needs a value", line);
    }

    [Theory]
    [InlineData("EdgeServer", "--edge-id", "--data-plane")]
    [InlineData("Web", "--region", "--metrics-url")]
    public async Task Help_ListsTheSwitches_AndStartsNothing(string program, string first, string last)
    {
        var result = await App(program).RunAsync(["--help"], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdOut}{result.StdErr}");
        Assert.Contains(first, result.StdOut);
        Assert.Contains(last, result.StdOut);
        Assert.DoesNotContain("ready:", result.StdOut);
    }

    public static TheoryData<string, string[], string> MistypedCommandLines => new()
    {
        { "Web", ["--region", "us-east", "--colour", "red"], "Unknown option 'colour'" },
        { "Client", ["play", "t-00001", "--member", "m-00001", "--colour", "red"], "Unknown option 'colour'" },
        { "Client", ["browse", "--member", "m-00001", "--page", "two"], "--page must be a whole number, not 'two'" },
        { "Client", ["play", "t-00001"], "--member is required" },
        { "EdgeServer", ["--edge-id", "e1", "--colour", "red"], "Unknown option 'colour'" },
    };

    [Theory]
    [MemberData(nameof(MistypedCommandLines))]
    public async Task AMistypedCommandLine_IsRefusedInOneLine_WithExit2_BeforeAnythingRuns(string program, string[] args, string expected)
    {
        var result = await App(program).RunAsync(args, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.StdOut}{result.StdErr}");
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public void ANegativeNumber_IsAValue_AndAFlagElsewhere_IsNotAskedForAValue()
    {
        Assert.Null(CommandLineSwitches.MissingValue(["--offset", "-5"], [typeof(Numbers)]));
        Assert.Equal("--offset needs a value", CommandLineSwitches.MissingValue(["--offset", "--verbose"], [typeof(Numbers)]));
        Assert.Null(CommandLineSwitches.MissingValue(["--mode"], [typeof(Numbers), typeof(ModeFlag)])); // a flag in one command
        Assert.Null(CommandLineSwitches.MissingValue(["--offset=3"], [typeof(Numbers)]));
    }

    private static BuiltApp App(string program) => program switch
    {
        "Silo" => BuiltApp.Silo,
        "Client" => BuiltApp.Client,
        "EdgeServer" => BuiltApp.Edge,
        "Web" => BuiltApp.Web,
        _ => throw new ArgumentOutOfRangeException(nameof(program)),
    };

    private sealed class Numbers : Spectre.Console.Cli.CommandSettings
    {
        [Spectre.Console.Cli.CommandOption("--offset <N>")]
        public int? Offset { get; init; }

        [Spectre.Console.Cli.CommandOption("--verbose")]
        public bool Verbose { get; init; }

        [Spectre.Console.Cli.CommandOption("--mode <MODE>")]
        public string? Mode { get; init; }
    }

    private sealed class ModeFlag : Spectre.Console.Cli.CommandSettings
    {
        [Spectre.Console.Cli.CommandOption("--mode")]
        public bool Mode { get; init; }
    }
}
