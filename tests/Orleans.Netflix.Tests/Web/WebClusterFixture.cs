using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Edge;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Netflix.Web;

namespace Orleans.Netflix.Tests.Web;

/// <summary>
/// The website over a real cluster: the edge cluster (two silos, origin, signing keys) with sessions that live as long
/// as in production, a seeded catalog with viewing history, members who can sign in, one title really encoded by the
/// pipeline, two edges at the website's site, the website in this process, and headless Chromium.
/// </summary>
public sealed class WebClusterFixture() : EdgeClusterFixture(new Dictionary<string, string?> { ["Netflix:Playback:SessionTimeout"] = "00:00:45" })
{
    public const string Password = "correct-horse-battery";
    public const string Site = "web-site";
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Seeded members with viewing history (so their home screens are personal) who can sign in.</summary>
    public const string Ada = "m-00001";
    public const string Bob = "m-00002";
    public const string Cy = "m-00003";
    public const string Dee = "m-00004";
    public static readonly string[] Adults = [Ada, Bob, Cy, Dee];

    /// <summary>A member whose maturity limit is below the playable title's rating.</summary>
    public const string Kid = "m-web-kid";

    public const string PlayableTitle = "t-web-playable";
    public const string PlayableSeconds = "60";

    public static string EmailOf(string memberId) => $"{memberId}@web.test";

    private static readonly PasswordHasher<string> Hasher = new();

    private readonly List<RunningWeb> _webs = [];
    private IPlaywright? _playwright;

    public RunningWeb Web { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string PlayableName { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await new Seeder(Client).RunAsync(new Seeder.Plan(300, 30, CatalogGenerator.DefaultSeed, 200, 4, PlaysPerMember: 20), null, default);
        var hash = Hasher.HashPassword("", Password);
        foreach (var memberId in Adults)
        {
            // Seeded profiles have random limits and plans: these members may watch anything, on up to four screens.
            var member = Client.GetGrain<IMemberGrain>(memberId);
            var view = (await member.Get())!;
            await member.UpdateProfile(view.Profile with { MaturityLimit = MaturityRating.Age18 });
            await member.ChangePlan(PlanTier.Premium);
            await member.SetSignIn(new MemberSignIn(EmailOf(memberId), hash));
        }
        await Client.GetGrain<IMemberGrain>(Kid).Register(new MemberProfile("Kit", "US", "en", MaturityRating.Age7), PlanTier.Standard, []);
        await Client.GetGrain<IMemberGrain>(Kid).SetSignIn(new MemberSignIn(EmailOf(Kid), hash));

        await IngestAsync(PlayableTitle, seconds: int.Parse(PlayableSeconds)); // rated 13+
        PlayableName = (await Client.GetGrain<ITitleGrain>(PlayableTitle).Get())!.Metadata.Name;
        await StartEdgesAsync(Site);
        Web = await StartWebAsync(Site);

        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs it (apt-get install chromium)");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var web in _webs) await web.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Two edges at <paramref name="location"/>, registered and live, for plays steered there.</summary>
    public async Task<RunningEdge[]> StartEdgesAsync(string location, int count = 2)
    {
        var edges = new List<RunningEdge>();
        for (var i = 0; i < count; i++) edges.Add(await StartEdgeAsync($"e-{location}-{i}-{Guid.NewGuid().ToString("N")[..6]}", location));
        var registry = Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () =>
        {
            var live = (await registry.Live()).Select(e => e.Report.EdgeId).ToHashSet();
            return edges.All(e => live.Contains(e.EdgeId));
        });
        return [.. edges];
    }

    /// <summary>A website in this process on a free port, steering its members to edges at <paramref name="location"/>.</summary>
    public async Task<RunningWeb> StartWebAsync(string location, int failuresPerMinute = 10)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Test" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Web:Region"] = "us-east",
            ["Web:ClientLocation"] = location,
            ["Web:SignInFailuresPerMinute"] = failuresPerMinute.ToString(),
        });
        builder.Logging.ClearProviders();
        var app = WebApp.Build(builder, Client);
        await app.StartAsync();
        var web = new RunningWeb($"http://127.0.0.1:{port}", app);
        _webs.Add(web);
        return web;
    }

    /// <summary>A fresh browser context (its own cookies) with a page signed in as <paramref name="memberId"/> on the home screen.</summary>
    public async Task<IPage> SignedInPageAsync(RunningWeb web, string memberId)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.EndsWith("/signin?ReturnUrl=%2F", page.Url);
        await page.GetByLabel("Email").FillAsync(EmailOf(memberId));
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"{web.BaseUrl}/");
        return page;
    }
}

/// <summary>A website started by a test; disposing stops it.</summary>
public sealed class RunningWeb(string baseUrl, WebApplication app) : IAsyncDisposable
{
    public string BaseUrl { get; } = baseUrl;

    public ApiSession NewApiSession() => new(BaseUrl);

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebClusterFixture>
{
    public const string Name = "website";
}
