using System.Net;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Web;

/// <summary>
/// The website's API as any device would use it: nothing without a valid cookie, nothing of another member's,
/// problem details for every refusal, antiforgery on writes, and failed sign-ins limited per account and address.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WebApiTests(WebClusterFixture fixture)
{
    [Fact]
    public async Task WithoutAValidCookie_TheApiAnswers401_AndPagesSendToSignIn()
    {
        using var anonymous = fixture.Web.NewApiSession();
        foreach (var path in new[] { "/api/home", "/api/me", $"/api/titles/{WebClusterFixture.PlayableTitle}", "/api/search?q=the" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("/signin?ReturnUrl=", page.Headers.Location!.OriginalString);

        // A forged cookie (not made by this site's data protection) is no cookie at all.
        using var forger = fixture.Web.NewApiSession();
        forger.Cookies.Add(new Uri(fixture.Web.BaseUrl), new Cookie(Orleans.Netflix.Web.WebApp.CookieName, "CfDJ8" + new string('A', 300)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/api/home")).StatusCode);

        // A real cookie with one byte changed is refused too.
        using var member = fixture.Web.NewApiSession();
        Assert.True((await member.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Ada), WebClusterFixture.Password)).IsSuccessStatusCode);
        var cookie = member.Cookies.GetCookies(new Uri(fixture.Web.BaseUrl))[Orleans.Netflix.Web.WebApp.CookieName]!;
        Assert.True(cookie.HttpOnly);
        var tampered = cookie.Value[..^3] + (cookie.Value[^3] == 'A' ? 'B' : 'A') + cookie.Value[^2..];
        using var tamperer = fixture.Web.NewApiSession();
        tamperer.Cookies.Add(new Uri(fixture.Web.BaseUrl), new Cookie(Orleans.Netflix.Web.WebApp.CookieName, tampered));
        Assert.Equal(HttpStatusCode.Unauthorized, (await tamperer.GetAsync("/api/home")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/home")).StatusCode);
    }

    [Fact]
    public async Task HomeScreen_IsTheSignedInMembersOwn_WithAtLeast40Titles()
    {
        using var api = fixture.Web.NewApiSession();
        await api.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Ada), WebClusterFixture.Password);
        var home = await ApiSession.JsonAsync(await api.GetAsync("/api/home"));
        Assert.True(home.GetProperty("titles").GetInt32() >= 40);
        var art = home.GetProperty("rows")[0].GetProperty("items")[0].GetProperty("art").GetString()!;
        var poster = await api.GetAsync(art);
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("image/svg+xml", poster.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age", poster.Headers.CacheControl?.ToString());
        var me = await ApiSession.JsonAsync(await api.GetAsync("/api/me"));
        Assert.Equal(WebClusterFixture.Ada, me.GetProperty("memberId").GetString());

        // Each tile shown is an impression of the artwork chosen for this member, which a later play is credited to (the
        // silo sends what was shown to the artwork grains in batches, so it arrives within a flush period).
        var shown = home.GetProperty("rows")[0].GetProperty("items")[0].GetProperty("titleId").GetString()!;
        var artwork = fixture.Client.GetGrain<Orleans.Netflix.Personalization.IArtworkGrain>(shown);
        await Eventually.TrueAsync(async () => (await artwork.Stats()).Pending > 0, seconds: 30);
    }

    [Fact]
    public async Task AnotherMembersSessionAndHistory_AreInvisible()
    {
        using var ada = fixture.Web.NewApiSession();
        await ada.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Ada), WebClusterFixture.Password);
        var started = await ada.PostAsync("/api/play", new { titleId = WebClusterFixture.PlayableTitle });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var sessionId = (await ApiSession.JsonAsync(started)).GetProperty("sessionId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync($"/api/sessions/{sessionId}")).StatusCode);

        using var bob = fixture.Web.NewApiSession();
        await bob.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Bob), WebClusterFixture.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/sessions/{sessionId}/master.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/sessions/{sessionId}/steering")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/sessions/{sessionId}/heartbeat",
            new { positionSeconds = 1, bitrateKbps = 1, bufferSeconds = 1, rebuffers = 0, edgeId = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/sessions/{sessionId}/stop", new { positionSeconds = 3000 })).StatusCode);
        // Bob's stop did nothing: Ada's session plays on at its own position.
        var session = (await fixture.Client.GetGrain<IPlaybackSessionGrain>(sessionId).Get())!;
        Assert.Equal(PlaybackStatus.Playing, session.Status);

        // /api/me is always the cookie's member; no request field can name another one.
        var me = await ApiSession.JsonAsync(await bob.GetAsync("/api/me?memberId=" + WebClusterFixture.Ada));
        Assert.Equal(WebClusterFixture.Bob, me.GetProperty("memberId").GetString());
        var adaHistory = (await fixture.Client.GetGrain<IMemberGrain>(WebClusterFixture.Ada).Get())!.History.Select(h => h.TitleId).ToHashSet();
        var bobHistory = me.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("titleId").GetString()!).ToHashSet();
        var bobActual = (await fixture.Client.GetGrain<IMemberGrain>(WebClusterFixture.Bob).Get())!.History.Select(h => h.TitleId).ToHashSet();
        Assert.Subset(bobActual, bobHistory);
        Assert.False(adaHistory.SetEquals(bobActual), "the seed gave both members the same history: the check below would prove nothing");

        // A play request cannot choose its member either: the session belongs to the cookie's member.
        var bobPlay = await bob.PostAsync("/api/play", new { titleId = WebClusterFixture.PlayableTitle, memberId = WebClusterFixture.Ada });
        var bobSession = (await ApiSession.JsonAsync(bobPlay)).GetProperty("sessionId").GetString()!;
        Assert.Equal(WebClusterFixture.Bob, (await fixture.Client.GetGrain<IPlaybackSessionGrain>(bobSession).Get())!.MemberId);

        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsync($"/api/sessions/{sessionId}/stop", new { positionSeconds = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/api/sessions/{bobSession}/stop", new { positionSeconds = 2 })).StatusCode);
    }

    [Fact]
    public async Task Writes_WithoutTheAntiforgeryToken_AreRefused()
    {
        using var api = fixture.Web.NewApiSession();
        await api.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Cy), WebClusterFixture.Password);
        var refused = await api.PostAsync("/api/play", new { titleId = WebClusterFixture.PlayableTitle }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("antiforgery", (await ApiSession.JsonAsync(refused)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RefusalsAndBadInput_AreProblemDetails_WithTheReason()
    {
        using var kid = fixture.Web.NewApiSession();
        await kid.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Kid), WebClusterFixture.Password);
        var refused = await kid.PostAsync("/api/play", new { titleId = WebClusterFixture.PlayableTitle });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await ApiSession.JsonAsync(refused);
        Assert.Equal("MaturityAboveLimit", problem.GetProperty("reason").GetString());

        var unknown = await kid.PostAsync("/api/play", new { titleId = "t-no-such-title" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("UnknownTitle", (await ApiSession.JsonAsync(unknown)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await kid.GetAsync("/api/titles/t-no-such-title")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await kid.PostAsync("/api/play", new { titleId = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await kid.PostAsync("/api/play", "not an object")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kid.GetAsync("/api/no-such-thing")).StatusCode);

        // A title with no media is coming soon: refused as not ready (409), and the page says so.
        var comingSoon = "t-00007";
        var soon = await kid.PostAsync("/api/play", new { titleId = comingSoon });
        var reason = (await ApiSession.JsonAsync(soon)).GetProperty("reason").GetString();
        Assert.True(soon.StatusCode == HttpStatusCode.Conflict && reason == "TitleNotReady" || soon.StatusCode == HttpStatusCode.Forbidden,
            $"{soon.StatusCode} {reason}");
        var details = await ApiSession.JsonAsync(await kid.GetAsync($"/api/titles/{comingSoon}"));
        Assert.False(details.GetProperty("playable").GetBoolean());
        Assert.Equal("Coming soon", details.GetProperty("notPlayableReason").GetString());
    }

    [Fact]
    public async Task WrongPasswords_AreLimitedPerAccountAndAddress_With429AndRetryAfter()
    {
        // Its own website, so the limiter's count for this machine's address does not spill into other tests.
        var web = await fixture.StartWebAsync(WebClusterFixture.Site, failuresPerMinute: 10);
        using var api = web.NewApiSession();
        var email = WebClusterFixture.EmailOf(WebClusterFixture.Dee);
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.SignInAsync(email, $"wrong-{i}")).StatusCode);

        var limited = await api.SignInAsync(email, "wrong-again");
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta is { } after && after > TimeSpan.Zero && after <= TimeSpan.FromMinutes(1), $"Retry-After {limited.Headers.RetryAfter}");
        // Even the right password waits until the window passes: the account is limited, not just the guesses.
        Assert.Equal((HttpStatusCode)429, (await api.SignInAsync(email, WebClusterFixture.Password)).StatusCode);
        // Another account from the same address is limited too (the address spent its failures).
        Assert.Equal((HttpStatusCode)429, (await api.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Ada), WebClusterFixture.Password)).StatusCode);

        // The form says the same to a person, with the same status.
        using var form = web.NewApiSession();
        var page = await form.GetAsync("/signin");
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = await form.Http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = "wrong", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal((HttpStatusCode)429, post.StatusCode);
        Assert.Contains("Too many failed attempts", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnEmailTheIndexStillNames_ButTheMemberNoLongerUses_DoesNotSignThemIn()
    {
        // A stale index entry, as a release that failed would leave: the index names Dee, whose sign-in uses another email.
        await fixture.Client.GetGrain<IMemberEmailGrain>("stale-dee@web.test").Claim(WebClusterFixture.Dee);
        using var api = fixture.Web.NewApiSession();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SignInAsync("stale-dee@web.test", WebClusterFixture.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.SignInAsync(WebClusterFixture.EmailOf(WebClusterFixture.Dee), WebClusterFixture.Password)).StatusCode);
    }

    [Fact]
    public async Task TheSignInForm_WithoutItsAntiforgeryToken_IsRefused()
    {
        using var form = fixture.Web.NewApiSession();
        var post = await form.Http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = WebClusterFixture.EmailOf(WebClusterFixture.Ada), ["password"] = WebClusterFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Null(form.Cookies.GetCookies(new Uri(fixture.Web.BaseUrl))[Orleans.Netflix.Web.WebApp.CookieName]);
    }
}
