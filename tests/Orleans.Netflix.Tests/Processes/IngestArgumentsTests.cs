using Orleans.Netflix.Client.Commands;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>`Client ingest` with a source whose name starts with a dash, which Spectre would read as options.</summary>
public sealed class IngestArgumentsTests
{
    private static readonly HashSet<string> Here = ["-take 2.mp4"];

    [Fact]
    public void ASourceNamedWithALeadingDash_ThatExists_IsPassedOnAsARelativePath()
    {
        var (args, error) = IngestArguments.Normalize(["ingest", "-take 2.mp4", "-t", "t-00001", "--json"], Here.Contains);

        Assert.Null(error);
        Assert.Equal(["ingest", "./-take 2.mp4", "-t", "t-00001", "--json"], args);
    }

    [Fact]
    public void ALeadingDashTokenThatIsNoFile_IsRefusedWithOneLine_SayingHowToWriteIt()
    {
        var (_, error) = IngestArguments.Normalize(["ingest", "--title", "t-00001", "-take3.mp4"], Here.Contains);

        Assert.Equal("error: '-take3.mp4' is neither an option of ingest nor a file here; a source whose name starts with '-' is written ./-take3.mp4", error);
    }

    [Fact]
    public void OptionsAndOtherCommands_AreLeftAlone()
    {
        string[] ingest = ["ingest", "source.mp4", "-t", "t-00001", "--audio", "es=-spanish.m4a", "--no-wait"];
        string[] play = ["play", "t-00001", "-x"];

        var (ingestArgs, ingestError) = IngestArguments.Normalize(ingest, Here.Contains);
        var (playArgs, playError) = IngestArguments.Normalize(play, Here.Contains);

        Assert.Equal(ingest, ingestArgs);
        Assert.Null(ingestError);
        Assert.Equal(play, playArgs);
        Assert.Null(playError);
    }
}
