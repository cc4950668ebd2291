namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>
/// What one small RGB frame looks like, measured the way an artwork picker needs it: exposure (mean luma), sharpness
/// (variance of the Laplacian of luma: a blurred frame has few sharp transitions), warmth (red over blue), how much of
/// it is edges (a close-up is mostly smooth surfaces, a wide shot is full of detail), and a 16x9 grey thumbnail to tell
/// near-duplicates apart, and where across the frame its detail is centred (where a portrait crop should sit). Motion is
/// measured between two frames a fraction of a second apart.
/// </summary>
public sealed record FrameMeasures(double Luma, double Sharpness, double Warmth, double EdgeShare, double Colourfulness, byte[] Signature,
    double DetailCentre = 0.5)
{
    public const int SignatureWidth = 16;
    public const int SignatureHeight = 9;

    /// <summary>Measures an RGB24 frame of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static FrameMeasures Of(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var luma = LumaOf(rgb, width, height);
        double sumLuma = 0, sumR = 0, sumB = 0, sumRg = 0, sumYb = 0, sumRg2 = 0, sumYb2 = 0;
        for (var i = 0; i < width * height; i++)
        {
            double r = rgb[i * 3], g = rgb[i * 3 + 1], b = rgb[i * 3 + 2];
            sumLuma += luma[i];
            sumR += r;
            sumB += b;
            // Hasler and Süsstrunk's colourfulness: spread and strength of the opponent colour channels.
            double rg = r - g, yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            sumRg2 += rg * rg;
            sumYb2 += yb * yb;
        }
        var n = (double)(width * height);
        var (meanRg, meanYb) = (sumRg / n, sumYb / n);
        var colourfulness = Math.Sqrt(Math.Max(0, sumRg2 / n - meanRg * meanRg) + Math.Max(0, sumYb2 / n - meanYb * meanYb))
                            + 0.3 * Math.Sqrt(meanRg * meanRg + meanYb * meanYb);

        double lapSum = 0, lapSum2 = 0;
        var edges = 0;
        var edgesByColumn = new int[width];
        var inner = 0;
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var i = y * width + x;
                var lap = 4.0 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - width] - luma[i + width];
                lapSum += lap;
                lapSum2 += lap * lap;
                var gx = luma[i + 1] - luma[i - 1];
                var gy = luma[i + width] - luma[i - width];
                if (gx * gx + gy * gy > EdgeGradient * EdgeGradient)
                {
                    edges++;
                    edgesByColumn[x]++;
                }
                inner++;
            }
        }
        var lapMean = lapSum / Math.Max(1, inner);
        var sharpness = lapSum2 / Math.Max(1, inner) - lapMean * lapMean;
        return new FrameMeasures(sumLuma / n, sharpness, (sumR - sumB) / n, edges / (double)Math.Max(1, inner), colourfulness,
            Thumbnail(luma, width, height), Centre(edgesByColumn, edges, width));
    }

    /// <summary>A gradient this strong (in luma levels over two pixels) counts as an edge.</summary>
    private const double EdgeGradient = 40;

    /// <summary>Mean absolute difference of two frames' grey thumbnails, 0 to 255: how different they look.</summary>
    public double DifferenceFrom(FrameMeasures other)
    {
        double sum = 0;
        for (var i = 0; i < Signature.Length; i++) sum += Math.Abs(Signature[i] - other.Signature[i]);
        return sum / Signature.Length;
    }

    /// <summary>Mean absolute difference of two RGB24 frames' luma, 0 to 255: how much moved between them.</summary>
    public static double Motion(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height)
    {
        var (la, lb) = (LumaOf(a, width, height), LumaOf(b, width, height));
        double sum = 0;
        for (var i = 0; i < la.Length; i++) sum += Math.Abs(la[i] - lb[i]);
        return sum / la.Length;
    }

    private static double[] LumaOf(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var luma = new double[width * height];
        for (var i = 0; i < luma.Length; i++) luma[i] = 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
        return luma;
    }

    /// <summary>The column where half the edge pixels lie to the left, as a share of the width (the middle when there are none).</summary>
    private static double Centre(int[] edgesByColumn, int edges, int width)
    {
        if (edges == 0) return 0.5;
        var seen = 0;
        for (var x = 0; x < width; x++)
        {
            seen += edgesByColumn[x];
            if (seen * 2 >= edges) return (x + 0.5) / width;
        }
        return 0.5;
    }

    private static byte[] Thumbnail(double[] luma, int width, int height)
    {
        var thumb = new byte[SignatureWidth * SignatureHeight];
        for (var ty = 0; ty < SignatureHeight; ty++)
        {
            for (var tx = 0; tx < SignatureWidth; tx++)
            {
                int x0 = tx * width / SignatureWidth, x1 = Math.Max(x0 + 1, (tx + 1) * width / SignatureWidth);
                int y0 = ty * height / SignatureHeight, y1 = Math.Max(y0 + 1, (ty + 1) * height / SignatureHeight);
                double sum = 0;
                for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++) sum += luma[y * width + x];
                thumb[ty * SignatureWidth + tx] = (byte)Math.Clamp(sum / ((x1 - x0) * (y1 - y0)), 0, 255);
            }
        }
        return thumb;
    }
}
