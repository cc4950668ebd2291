using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>
/// Artwork from a title's own frames: samples the whole title (<see cref="FrameSampler"/>, about
/// <see cref="Samples"/> frames whatever its length), picks up to <see cref="Count"/> stills (<see cref="StillChoice"/>:
/// no black, blurred or near-duplicate frame; different scenes), and cuts each into a poster and a landscape JPEG
/// (<see cref="StillWriter"/>) in <c>folder</c>, named <c>still-NN-poster.jpg</c> and <c>still-NN-landscape.jpg</c>.
/// </summary>
public static class ArtworkStills
{
    public const int Count = 6;

    /// <summary>The stills' folder inside the title's folder.</summary>
    public const string Folder = "artwork";
    public const int Samples = 120;

    /// <summary>The stills, with paths relative to <paramref name="titleFolder"/>; none when the source has no usable frame.</summary>
    public static async Task<ArtworkStill[]> MakeAsync(string source, int width, int height, TimeSpan duration, string titleFolder, string folder,
        CancellationToken cancellationToken)
    {
        var step = Math.Clamp(duration.TotalSeconds / Samples, 0.5, 60);
        var scratch = Path.Combine(folder, ".sampling");
        IReadOnlyList<Candidate> candidates;
        try
        {
            candidates = await FrameSampler.SampleAsync(source, width, height, step, scratch, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }

        var picked = StillChoice.Pick(candidates, Count, duration.TotalSeconds);
        var stills = new ArtworkStill[picked.Count];
        for (var i = 0; i < picked.Count; i++)
        {
            var id = $"still-{i + 1:00}";
            var poster = Path.Combine(folder, $"{id}-poster.jpg");
            var landscape = Path.Combine(folder, $"{id}-landscape.jpg");
            await StillWriter.WriteAsync(source, width, height, picked[i], poster, landscape, cancellationToken);
            stills[i] = new ArtworkStill(id, picked[i].AtSeconds, Relative(titleFolder, poster), Relative(titleFolder, landscape), StillTags.Of(picked[i]));
        }
        return stills;
    }

    private static string Relative(string titleFolder, string path) => Path.GetRelativePath(titleFolder, path).Replace('\\', '/');
}
