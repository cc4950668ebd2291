using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Web;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The member's website in the benchmark process (<see cref="WebApp.Build"/> over the benchmark's cluster client, Kestrel on a
/// loopback port) and one signed-in cookie per member, made with the website's own cookie protection as its sign-in makes it
/// (the member id and name in an authentication ticket; a sign-in through <c>POST /api/signin</c> would cost each of 1,000 members a
/// PBKDF2 check first, which is not what is measured here). <see cref="HomeAsync"/> is a member's device asking for the home screen:
/// <c>GET /api/home</c> with the member's cookie, answered 200 with the rows as JSON. Call <c>i</c> is member <c>i mod n</c>'s.
/// </summary>
public sealed class WebHomeScreens : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly string[] _cookies;

    private WebHomeScreens(WebApplication app, HttpClient http, string[] cookies, string baseUrl)
    {
        _app = app;
        _http = http;
        _cookies = cookies;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<WebHomeScreens> StartAsync(IClusterClient client, string region, string[] memberIds, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear(); // no appsettings.json or environment variables: what is measured is set here
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Web:Region"] = region,
        });
        builder.Logging.ClearProviders();
        var app = WebApp.Build(builder, client);
        await app.StartAsync(cancellationToken);

        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var issued = DateTimeOffset.UtcNow;
        var cookies = memberIds.Select(id =>
        {
            var ticket = new AuthenticationTicket(MemberPrincipal.Create(id, id),
                new AuthenticationProperties { IssuedUtc = issued, ExpiresUtc = issued + cookie.ExpireTimeSpan, IsPersistent = true },
                CookieAuthenticationDefaults.AuthenticationScheme);
            return $"{WebApp.CookieName}={cookie.TicketDataFormat.Protect(ticket)}";
        }).ToArray();

        // One connection pool for all devices, as many connections as requests in flight; cookies set per request.
        var http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new WebHomeScreens(app, http, cookies, $"http://127.0.0.1:{port}");
    }

    /// <summary>Member <c>i mod n</c>'s home screen; anything but 200 with 40 to 50 titles throws.</summary>
    public async Task HomeAsync(int i)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/home");
        request.Headers.Add("Cookie", _cookies[i % _cookies.Length]);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /api/home answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}");
        var titles = TitleCount(body);
        if (titles is < 40 or > 50) throw new InvalidOperationException($"a home screen of {titles} titles");
    }

    /// <summary>The answer's top-level <c>titles</c>, read without parsing the rows after it.</summary>
    private static int TitleCount(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read(); // {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTitles = reader.ValueTextEquals("titles"u8);
            reader.Read();
            if (isTitles) return reader.GetInt32();
            reader.Skip();
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
