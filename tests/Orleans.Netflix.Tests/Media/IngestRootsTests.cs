using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>The folders the pipeline writes under, as a silo reads them from its configuration.</summary>
public sealed class IngestRootsTests
{
    private static IngestOptions Read(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Netflix:Ingest:{key}"] = value }).Build();
        using var services = new ServiceCollection().AddNetflixMedia(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<IngestOptions>>().Value;
    }

    [Fact]
    public void ARelativeRootStartingWithADash_IsMadeAbsolute_SoFfmpegNeverSeesItAsAnOption()
    {
        var options = Read("WorkRoot", "-scratch");

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "-scratch"), options.WorkRoot);
    }

    [Fact]
    public void RootsWithSpacesAndSingleQuotes_AreKeptAsGiven()
    {
        var root = Path.Combine(Path.GetTempPath(), "studio 'drop' folder");

        Assert.Equal(root, Read("OriginRoot", root).OriginRoot);
    }

    [Theory]
    [InlineData("WorkRoot", "/tmp/say \"cheese\"", "Netflix:Ingest:WorkRoot '/tmp/say \"cheese\"': a path with a double quote (\") cannot be handed to ffmpeg")]
    [InlineData("OriginRoot", "/tmp/50%", "Netflix:Ingest:OriginRoot '/tmp/50%': a folder with '%' cannot be used: ffmpeg reads it as a segment-number pattern")]
    [InlineData("LogRoot", "/tmp/a\tb", "Netflix:Ingest:LogRoot '/tmp/a\tb': a path with a control character")]
    public void ARootFfmpegCannotTake_IsRefusedWithOneLine_NamingItsSetting(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(key, value));

        Assert.StartsWith(message, error.Message);
    }
}
