using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.Media;
using Orleans.Serialization;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// The trick-play track rides in <see cref="TitleAssets"/>, which is stored as JSON and sent with Orleans' serializer: it
/// survives both, and an index stored before it existed reads back without one.
/// </summary>
public sealed class TrickPlayTrackStorageTests
{
    private static readonly TitleAssets Assets = new("t-1", "job-1", "titles/t-1/job-1/master.m3u8", [], [], [],
        [new AssetFile("titles/t-1/job-1/trickplay/thumbnails.vtt", 120, 0, new string('a', 64))], DateTimeOffset.UnixEpoch,
        new TrickPlayTrack("trickplay/thumbnails.vtt", 4, 240, 136, 10, 10, 150));

    [Fact]
    public void Json_RoundTrips_AndAnOlderIndexHasNone()
    {
        foreach (var options in new[] { JsonSerializerOptions.Default, JsonSerializerOptions.Web })
        {
            var json = JsonSerializer.Serialize(Assets, options);
            var back = JsonSerializer.Deserialize<TitleAssets>(json, options)!;
            Assert.Equal(Assets.TrickPlay, back.TrickPlay);
            Assert.Equal(2, back.TrickPlay!.Sheets);

            var older = JsonSerializer.SerializeToNode(Assets with { TrickPlay = null }, options)!.AsObject();
            older.Remove(options == JsonSerializerOptions.Web ? "trickPlay" : "TrickPlay");
            Assert.Null(older.Deserialize<TitleAssets>(options)!.TrickPlay);
        }
    }

    [Fact]
    public void OrleansSerialization_RoundTrips()
    {
        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(TitleAssets).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var back = serializer.Deserialize<TitleAssets>(serializer.SerializeToArray(Assets))!;
        Assert.Equal(Assets.TrickPlay, back.TrickPlay);
        Assert.Null(serializer.Deserialize<TitleAssets>(serializer.SerializeToArray(Assets with { TrickPlay = null }))!.TrickPlay);
    }
}
