namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>
/// How ingest makes trick-play thumbnails (configuration section "Netflix:Ingest:TrickPlay"): one tile every
/// <see cref="Interval"/>, <see cref="TileWidth"/> pixels wide (the height keeps the picture's aspect, even), packed into
/// JPEG sprite sheets of <see cref="Columns"/> x <see cref="Rows"/> tiles.
/// </summary>
public sealed class TrickPlayOptions
{
    public const string Section = "Netflix:Ingest:TrickPlay";

    /// <summary>Whether ingest makes them at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Time between tiles. 4 s: fine enough that a seek lands within a scene (shots last a few seconds), coarse enough
    /// that a two-hour title is 1800 tiles in 18 sheets (Jellyfin and Roku use 10 s, YouTube about 2 to 5 s); and the
    /// default segment length, so every tile is a keyframe of the rendition it is cut from and only keyframes need
    /// decoding (see <see cref="TrickPlayMaker"/>). Any interval works; one that is not a whole number of segments
    /// costs a decode of every frame of that rendition.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Tile width in pixels (never wider than the picture decoded); about what players show above the bar.</summary>
    public int TileWidth { get; set; } = 240;

    public int Columns { get; set; } = 10;

    public int Rows { get; set; } = 10;

    /// <summary>JPEG quality as ffmpeg's <c>-q:v</c> (2 best to 31 worst).</summary>
    public int JpegQuality { get; set; } = 5;

    /// <summary>The options checked: a bad value is an error at the first ingest, not a broken sprite.</summary>
    public TrickPlayOptions Checked()
    {
        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromMinutes(1)) throw new ArgumentException($"Netflix:Ingest:TrickPlay:Interval {Interval} is not between 1 s and 1 min");
        if (TileWidth is < 16 or > 1920) throw new ArgumentException($"Netflix:Ingest:TrickPlay:TileWidth {TileWidth} is not between 16 and 1920");
        if (Columns is < 1 or > 32 || Rows is < 1 or > 32) throw new ArgumentException($"Netflix:Ingest:TrickPlay grid {Columns}x{Rows} is not 1 to 32 each way");
        if (JpegQuality is < 2 or > 31) throw new ArgumentException($"Netflix:Ingest:TrickPlay:JpegQuality {JpegQuality} is not between 2 and 31");
        return this;
    }
}
