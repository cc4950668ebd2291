using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// A simulated catalog: episodes (20 to 60 min) and films (80 to 150 min), each published as the
/// pipeline's ladder (1080p 5000k, 720p 3000k, 480p 1500k, 360p 800k, 240p 400k) plus 128k audio.
/// Each track is cut into <see cref="PartsPerTrack"/> consecutive objects standing for its segments
/// (a million 4 s segments would only slow the simulation, not change what fits). Popularity is Zipf
/// with exponent alpha over ranks dealt to titles at random, so size and popularity are unrelated.
/// </summary>
public sealed class OffloadCatalog
{
    public const int PartsPerTrack = 10;
    public static readonly int[] VideoKbps = [5000, 3000, 1500, 800, 400];
    public const int AudioKbps = 128;
    public static int Tracks => VideoKbps.Length + 1;
    public static int ObjectsPerTitle => Tracks * PartsPerTrack;

    private readonly double[] _cumulative; // by title index

    public OffloadCatalog(int titles, double alpha, Random random)
    {
        Titles = new TitleAssets[titles];
        Durations = new double[titles];
        Keys = new CacheKey[titles * ObjectsPerTitle];
        ObjectBytes = new long[Keys.Length];
        for (var t = 0; t < titles; t++)
        {
            Durations[t] = 60 * (random.NextDouble() < 0.6 ? 20 + random.NextDouble() * 40 : 80 + random.NextDouble() * 70);
            var files = new AssetFile[ObjectsPerTitle];
            for (var track = 0; track < Tracks; track++)
            {
                var kbps = track < VideoKbps.Length ? VideoKbps[track] : AudioKbps;
                var partBytes = (long)(kbps * 1000 / 8.0 * Durations[t] / PartsPerTrack);
                for (var part = 0; part < PartsPerTrack; part++)
                {
                    var id = ObjectId(t, track, part);
                    Keys[id] = new CacheKey(id.ToString("x64"), partBytes);
                    ObjectBytes[id] = partBytes;
                    files[track * PartsPerTrack + part] = new AssetFile($"titles/{TitleId(t)}/job/track{track}/part{part}", partBytes, Durations[t] / PartsPerTrack, Keys[id].Sha256);
                }
            }
            Titles[t] = new TitleAssets(TitleId(t), "job", $"titles/{TitleId(t)}/job/master.m3u8", [], [], [], files, DateTimeOffset.UnixEpoch);
        }
        TotalBytes = ObjectBytes.Sum();

        var ranks = Enumerable.Range(1, titles).OrderBy(_ => random.Next()).ToArray();
        Probability = ranks.Select(r => 1 / Math.Pow(r, alpha)).ToArray();
        var sum = Probability.Sum();
        for (var t = 0; t < titles; t++) Probability[t] /= sum;
        _cumulative = new double[titles];
        var running = 0.0;
        for (var t = 0; t < titles; t++) _cumulative[t] = running += Probability[t];
    }

    public TitleAssets[] Titles { get; }

    public double[] Durations { get; }

    /// <summary>The true probability that a play is of each title (the simulation's hidden truth).</summary>
    public double[] Probability { get; }

    public CacheKey[] Keys { get; }

    public long[] ObjectBytes { get; }

    public long TotalBytes { get; }

    public static int ObjectId(int title, int track, int part) => (title * Tracks + track) * PartsPerTrack + part;

    public static int TitleOf(int objectId) => objectId / ObjectsPerTitle;

    public static string TitleId(int title) => $"t{title:00000}";

    public int SampleTitle(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}
