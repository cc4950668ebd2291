namespace Orleans.Netflix.Media;

/// <summary>
/// Trick-play thumbnails (what a player shows over its seek bar): one small frame every <see cref="IntervalSeconds"/>,
/// packed row by row into JPEG sprite sheets of <see cref="Columns"/> x <see cref="Rows"/> tiles of
/// <see cref="TileWidth"/> x <see cref="TileHeight"/>, and a WebVTT index (<see cref="Vtt"/>, a path inside the title's
/// folder like the tracks' playlists) whose cue for tile k covers [k x interval, (k + 1) x interval), the last one ending
/// at the media's end, with the text <c>sheet-NNN.jpg#xywh=x,y,w,h</c> (relative to the VTT).
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.TrickPlayTrack")]
public sealed record TrickPlayTrack(
    [property: Id(0)] string Vtt,
    [property: Id(1)] double IntervalSeconds,
    [property: Id(2)] int TileWidth,
    [property: Id(3)] int TileHeight,
    [property: Id(4)] int Columns,
    [property: Id(5)] int Rows,
    [property: Id(6)] int Count)
{
    public int TilesPerSheet => Columns * Rows;

    /// <summary>How many sprite sheets hold the <see cref="Count"/> tiles (the last one may be partly filled).</summary>
    public int Sheets => TilesPerSheet <= 0 ? 0 : (Count + TilesPerSheet - 1) / TilesPerSheet;
}
