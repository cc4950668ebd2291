using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Members;
using Orleans.Netflix.Web;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The member's website in the benchmark process (<see cref="WebApp.Build"/> over the benchmark's cluster client, which is in the
/// trusted tier, Kestrel on a loopback port) and devices signed in to it, each with its own <see cref="HttpClient"/> and cookie jar
/// as a browser has: the antiforgery token, the sign-in (the member's PBKDF2 hash checked by the website), a token bound to the
/// member. <see cref="PlayAsync"/> presses play as a device does: <c>POST /api/play</c> with the token, answered 201 with the
/// manifest. Device <c>i mod n</c> makes call <c>i</c>, so calls spread over the members.
/// </summary>
public sealed class WebPlayers : IAsyncDisposable
{
    public const string Password = "press-play-benchmark";

    private readonly WebApplication _app;
    private readonly Device[] _devices;
    private readonly byte[][] _bodies;

    private WebPlayers(WebApplication app, string baseUrl, Device[] devices, string[] titleIds)
    {
        _app = app;
        BaseUrl = baseUrl;
        _devices = devices;
        _bodies = [.. titleIds.Select(t => JsonSerializer.SerializeToUtf8Bytes(new { titleId = t }))];
    }

    public string BaseUrl { get; }

    public int Devices => _devices.Length;

    public TimeSpan SignInTime { get; private set; }

    public static string EmailOf(string memberId) => $"{memberId}@bench.example.com";

    /// <summary>
    /// Gives <paramref name="memberIds"/> a sign-in (one hash for all), starts the website for <paramref name="region"/> steering its
    /// members to edges at <paramref name="location"/>, and signs in one device per member.
    /// </summary>
    public static async Task<WebPlayers> StartAsync(IClusterClient client, string region, string location, string[] memberIds, string[] titleIds,
        TextWriter log, CancellationToken cancellationToken)
    {
        var hash = new PasswordHasher<string>().HashPassword("", Password);
        await Parallel.ForEachAsync(memberIds, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (id, _) =>
            await client.GetGrain<IMemberGrain>(id).SetSignIn(new MemberSignIn(EmailOf(id), hash)));

        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear(); // no appsettings.json or environment variables: what is measured is set here
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Web:Region"] = region,
            ["Web:ClientLocation"] = location,
        });
        builder.Logging.ClearProviders();
        var app = WebApp.Build(builder, client);
        await app.StartAsync(cancellationToken);
        var baseUrl = $"http://127.0.0.1:{port}";

        var devices = memberIds.Select(id => new Device(baseUrl, id)).ToArray();
        var players = new WebPlayers(app, baseUrl, devices, titleIds);
        try
        {
            var clock = Stopwatch.StartNew();
            // PBKDF2 (100,000 rounds of HMAC-SHA512) per sign-in on the website's side: a few at a time keep both cores busy.
            await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (device, token) => await device.SignInAsync(token));
            players.SignInTime = clock.Elapsed;
            log.WriteLine($"website at {baseUrl}; {devices.Length} devices signed in in {clock.Elapsed.TotalSeconds:0.0} s");
            return players;
        }
        catch
        {
            await players.DisposeAsync();
            throw;
        }
    }

    /// <summary>Press play: device <c>i mod n</c> asks for title <c>i mod titles</c>; anything but 201 with a session throws.</summary>
    public async Task PlayAsync(int i) => await PlayCoreAsync(i);

    /// <summary>Press play, then fetch the session's multivariant playlist (the website asks the first steered edge and rewrites it).</summary>
    public async Task PlayAndMasterAsync(int i)
    {
        var (device, session) = await PlayCoreAsync(i);
        using var response = await device.Http.GetAsync($"{session}/master.m3u8", HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"master playlist answered {(int)response.StatusCode}: {await SnippetAsync(response)}");
    }

    /// <summary>One play's answer, for a check before measuring that the website answers with a manifest.</summary>
    public async Task<JsonElement> PlayOnceAsync(int i)
    {
        var device = _devices[i % _devices.Length];
        using var response = await device.SendPlayAsync(_bodies[i % _bodies.Length]);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /api/play answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<(Device Device, string SessionPath)> PlayCoreAsync(int i)
    {
        var device = _devices[i % _devices.Length];
        using var response = await device.SendPlayAsync(_bodies[i % _bodies.Length]);
        if (response.StatusCode != HttpStatusCode.Created || response.Headers.Location is not { } location)
            throw new InvalidOperationException($"POST /api/play answered {(int)response.StatusCode}: {await SnippetAsync(response)}");
        return (device, location.OriginalString);
    }

    private static async Task<string> SnippetAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 300 ? text[..300] : text;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices) device.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One browser: its own connections and cookie jar (the antiforgery cookie, then the member's sign-in cookie).</summary>
    private sealed class Device : IDisposable
    {
        private readonly string _memberId;
        private string _token = "";

        public Device(string baseUrl, string memberId)
        {
            _memberId = memberId;
            Http = new HttpClient(new SocketsHttpHandler
            {
                CookieContainer = new CookieContainer(),
                UseCookies = true,
                AllowAutoRedirect = false,
                MaxConnectionsPerServer = 64,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            })
            {
                BaseAddress = new Uri(baseUrl),
                Timeout = TimeSpan.FromSeconds(10),
            };
        }

        public HttpClient Http { get; }

        public async Task SignInAsync(CancellationToken cancellationToken)
        {
            await RefreshTokenAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/signin")
            {
                Content = JsonContent.Create(new { email = EmailOf(_memberId), password = Password }),
            };
            request.Headers.Add(AntiforgeryHeader, _token);
            using var response = await Http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"sign-in of {_memberId} answered {(int)response.StatusCode}: {await SnippetAsync(response)}");
            await RefreshTokenAsync(cancellationToken); // the token is bound to the member once signed in
        }

        public Task<HttpResponseMessage> SendPlayAsync(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = JsonType;
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/play") { Content = content };
            request.Headers.Add(AntiforgeryHeader, _token);
            return Http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        }

        private async Task RefreshTokenAsync(CancellationToken cancellationToken)
        {
            using var answer = await Http.GetFromJsonAsync<JsonDocument>("/api/antiforgery", cancellationToken)
                               ?? throw new InvalidOperationException("GET /api/antiforgery answered nothing");
            _token = answer.RootElement.GetProperty("token").GetString() ?? throw new InvalidOperationException("no antiforgery token");
            if (answer.RootElement.GetProperty("header").GetString() != AntiforgeryHeader)
                throw new InvalidOperationException($"the website expects its token in another header than {AntiforgeryHeader}");
        }

        public void Dispose() => Http.Dispose();
    }

    private const string AntiforgeryHeader = "X-CSRF-TOKEN";
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
}

/// <summary>
/// Stand-ins for edges, for the master playlist the website fetches: one small Kestrel server in this process listening on one
/// loopback port per edge, answering any path with the same four-rung master playlist (no token check, no files).
/// </summary>
public sealed class StubEdges : IAsyncDisposable
{
    private const string Master = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="en",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="audio-en-128k/index.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=5628000,AVERAGE-BANDWIDTH=5128000,RESOLUTION=1920x1080,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25,AUDIO="audio"
        video-1080p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=3428000,AVERAGE-BANDWIDTH=3128000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25,AUDIO="audio"
        video-720p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=1778000,AVERAGE-BANDWIDTH=1628000,RESOLUTION=854x480,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25,AUDIO="audio"
        video-480p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=568000,AVERAGE-BANDWIDTH=528000,RESOLUTION=426x240,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25,AUDIO="audio"
        video-240p/index.m3u8

        """;

    private readonly WebApplication _app;

    private StubEdges(WebApplication app, string[] baseUrls)
    {
        _app = app;
        BaseUrls = baseUrls;
    }

    public IReadOnlyList<string> BaseUrls { get; }

    public static async Task<StubEdges> StartAsync(int count, CancellationToken cancellationToken)
    {
        var ports = new HashSet<int>();
        while (ports.Count < count) ports.Add(FreePort.Next());
        var urls = ports.Select(p => $"http://127.0.0.1:{p}").ToArray();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = string.Join(';', urls) });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var body = Encoding.UTF8.GetBytes(Master);
        app.MapGet("/{**path}", () => Results.Bytes(body, "application/vnd.apple.mpegurl"));
        await app.StartAsync(cancellationToken);
        return new StubEdges(app, urls);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
