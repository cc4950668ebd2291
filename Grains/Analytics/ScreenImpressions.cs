using System.Buffers.Binary;
using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// Turns a <see cref="AnalyticsEventKind.ScreenShown"/> event into the <see cref="AnalyticsEventKind.Impression"/> events
/// the log keeps, one per tile. Each impression's id is the screen's id with the tile's index mixed into its last four
/// bytes, so a screen delivered twice gives the same ids (and is stored once), and ids of different screens stay as
/// unlikely to meet as two random ones.
/// </summary>
public static class ScreenImpressions
{
    /// <summary>Appends <paramref name="e"/> to <paramref name="log"/>, or its impressions when it is a screen shown.</summary>
    public static void AddTo(List<AnalyticsEvent> log, AnalyticsEvent e)
    {
        if (e.Kind != AnalyticsEventKind.ScreenShown)
        {
            log.Add(e);
            return;
        }
        var tiles = e.Tiles ?? [];
        for (var i = 0; i < tiles.Length; i++)
        {
            var tile = tiles[i];
            log.Add(new AnalyticsEvent(IdOf(e.EventId, i), AnalyticsEventKind.Impression, e.At, e.Region, e.MemberId, tile.TitleId,
                tile.ArtworkId, tile.Row, tile.RowPosition));
        }
    }

    /// <summary>How many events <paramref name="e"/> puts in the log.</summary>
    public static int CountOf(AnalyticsEvent e) => e.Kind == AnalyticsEventKind.ScreenShown ? e.Tiles?.Length ?? 0 : 1;

    private static Guid IdOf(Guid screen, int tile)
    {
        Span<byte> bytes = stackalloc byte[16];
        screen.TryWriteBytes(bytes);
        // The last four bytes are random in a version-4 id; the version and variant bits are elsewhere.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]) ^ (uint)(tile + 1));
        return new Guid(bytes);
    }
}
