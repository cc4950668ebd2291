using System.Diagnostics;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The copy's baseline: a plain sequential download of a title's indexed files from one origin with one
/// <see cref="HttpClient"/>, each file read whole into memory, its length compared with the index and nothing else checked or written: as fast as this machine
/// moves the same bytes over HTTP. One untimed pass first (connection, JIT), then <c>rounds</c> timed ones.
/// </summary>
public static class OriginDownload
{
    public static async Task<IReadOnlyList<TimeSpan>> TimeAsync(string originUrl, IReadOnlyList<AssetFile> files, int rounds, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = Orleans.Netflix.Common.OriginCredentials.Header(Orleans.Netflix.Common.TierKey.FromSetting(null)); // as the silos' copiers ask
        var origin = new Uri(originUrl.EndsWith('/') ? originUrl : originUrl + "/");
        await DownloadAsync(http, origin, files, cancellationToken);
        var times = new List<TimeSpan>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await DownloadAsync(http, origin, files, cancellationToken);
            times.Add(clock.Elapsed);
        }
        return times;
    }

    private static async Task DownloadAsync(HttpClient http, Uri origin, IReadOnlyList<AssetFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            var bytes = await http.GetByteArrayAsync(new Uri(origin, file.Path), cancellationToken);
            if (bytes.LongLength != file.Bytes)
                throw new InvalidOperationException($"{file.Path}: {bytes.LongLength} bytes from {origin}, the index says {file.Bytes}");
        }
    }
}
