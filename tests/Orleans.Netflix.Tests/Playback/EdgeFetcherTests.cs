using System.Net;
using System.Net.Sockets;
using System.Text;
using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>
/// The console player's fetcher against edges that reset connections under a request, as nginx's old workers do to
/// idle keep-alive connections when it reloads (new signing keys, a newly indexed title). .NET's HttpClient sends
/// such a request again on a new connection by itself (a few times), so a reload costs the player neither an error
/// nor a move to another edge; an edge that resets every connection is still left.
/// </summary>
public sealed class EdgeFetcherTests
{
    [Fact]
    public async Task AConnectionResetUnderARequest_IsSentAgainToTheSameEdge_WithoutASwitch()
    {
        await using var edge = new ClosingEdge(closeFirst: 1);
        await using var next = new ClosingEdge(closeFirst: 0);
        using var http = new HttpClient();
        var fetcher = new EdgeFetcher(http, [new ManifestEdge("e-1", edge.MasterUrl), new ManifestEdge("e-2", next.MasterUrl)],
            new Dictionary<string, string>(), TimeSpan.FromSeconds(30));

        Assert.Equal(ClosingEdge.Body, Encoding.ASCII.GetString(await fetcher.FetchAsync("seg-00000.m4s", TimeSpan.Zero, CancellationToken.None)));
        Assert.Empty(fetcher.Switches);
        Assert.Equal("e-1", fetcher.CurrentEdgeId);
        Assert.Equal(2, edge.Requests);
    }

    [Fact]
    public async Task AnEdgeThatResetsEveryConnection_IsLeftForTheNext()
    {
        await using var edge = new ClosingEdge(closeFirst: int.MaxValue);
        await using var next = new ClosingEdge(closeFirst: 0);
        using var http = new HttpClient();
        var fetcher = new EdgeFetcher(http, [new ManifestEdge("e-1", edge.MasterUrl), new ManifestEdge("e-2", next.MasterUrl)],
            new Dictionary<string, string>(), TimeSpan.FromSeconds(30));

        Assert.Equal(ClosingEdge.Body, Encoding.ASCII.GetString(await fetcher.FetchAsync("seg-00000.m4s", TimeSpan.Zero, CancellationToken.None)));
        Assert.Equal("e-2", Assert.Single(fetcher.Switches).To);
        Assert.True(edge.Requests >= 2, $"{edge.Requests} requests reached the failing edge");
    }

    [Fact]
    public async Task AnEdgeThatDoesNotAnswerWithinTheRequestTimeout_IsLeftForTheNext()
    {
        await using var edge = new ClosingEdge(closeFirst: 0, silent: true);
        await using var next = new ClosingEdge(closeFirst: 0);
        using var http = new HttpClient();
        var fetcher = new EdgeFetcher(http, [new ManifestEdge("e-1", edge.MasterUrl), new ManifestEdge("e-2", next.MasterUrl)],
            new Dictionary<string, string>(), TimeSpan.FromSeconds(5)); // long enough for the next edge to answer on a busy machine

        Assert.Equal(ClosingEdge.Body, Encoding.ASCII.GetString(await fetcher.FetchAsync("seg-00000.m4s", TimeSpan.FromSeconds(4), CancellationToken.None)));
        var change = Assert.Single(fetcher.Switches);
        Assert.Equal(("e-1", "e-2", TimeSpan.FromSeconds(4)), (change.From, change.To, change.Position));
        Assert.Equal("seg-00000.m4s: no answer within 5 s", change.Reason);
        Assert.Equal(["e-2"], fetcher.BytesPerEdge.Keys);
        Assert.Equal("e-2", fetcher.CurrentEdgeId);
    }

    [Fact]
    public async Task WhenEveryEdgeFails_ThePlayFailsNamingTheLastEdgeAndWhy()
    {
        await using var edge = new ClosingEdge(closeFirst: int.MaxValue);
        await using var next = new ClosingEdge(closeFirst: int.MaxValue);
        using var http = new HttpClient();
        var fetcher = new EdgeFetcher(http, [new ManifestEdge("e-1", edge.MasterUrl), new ManifestEdge("e-2", next.MasterUrl)],
            new Dictionary<string, string>(), TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<PlaybackFailedException>(() => fetcher.FetchAsync("seg-00000.m4s", TimeSpan.Zero, CancellationToken.None));

        Assert.StartsWith("every steered edge failed; the last, e-2: seg-00000.m4s: ", failure.Message);
        Assert.Equal(("e-1", "e-2"), (Assert.Single(fetcher.Switches).From, fetcher.Switches[0].To));
        Assert.Empty(fetcher.BytesPerEdge);
    }

    /// <summary>
    /// An HTTP server that resets the connection of its first <c>closeFirst</c> requests once it has read them, then answers;
    /// a silent one reads each request and never answers.
    /// </summary>
    private sealed class ClosingEdge : IAsyncDisposable
    {
        public const string Body = "segment bytes";

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _requests;

        public ClosingEdge(int closeFirst, bool silent = false)
        {
            _listener.Start();
            _loop = Task.Run(() => ServeAsync(closeFirst, silent));
        }

        public string MasterUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/token/titles/t/job-1/master.m3u8";

        public int Requests => Volatile.Read(ref _requests);

        private async Task ServeAsync(int closeFirst, bool silent)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0) break;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                if (Interlocked.Increment(ref _requests) <= closeFirst)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // a reset, as a closed keep-alive connection meets
                    continue;
                }
                if (silent) await Task.Delay(Timeout.Infinite, _stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}"), _stop.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
            _stop.Dispose();
        }
    }
}
