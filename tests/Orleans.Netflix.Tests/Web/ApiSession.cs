using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Netflix.Tests.Web;

/// <summary>A device using the website's API as a browser script would: its own cookie jar, the antiforgery token in a header.</summary>
public sealed class ApiSession : IDisposable
{
    private readonly HttpClient _http;

    public ApiSession(string baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    private string? _token;

    /// <summary>Asks for a fresh antiforgery token (they are bound to the signed-in member, so again after signing in).</summary>
    public async Task RefreshTokenAsync()
    {
        using var answer = await _http.GetFromJsonAsync<JsonDocument>("/api/antiforgery");
        _token = answer!.RootElement.GetProperty("token").GetString();
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        await RefreshTokenAsync();
        var response = await PostAsync("/api/signin", new { email, password });
        if (response.IsSuccessStatusCode) await RefreshTokenAsync();
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path, object body, bool withToken = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (withToken && _token is not null) request.Headers.Add("X-CSRF-TOKEN", _token);
        return _http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
