using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Cdn;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>The rules around keys and tokens that hold however an edge or silo is hosted.</summary>
public sealed class SecretsUnitTests
{
    private static readonly SigningKey Key = new("k1", new byte[32]);

    [Fact]
    public void ATokenExpiringBeyondTheMaximumLifetime_IsRefused_EvenWellSigned()
    {
        var now = DateTimeOffset.UtcNow;
        string Signed(TimeSpan lifetime) => PlaybackToken.Sign(new TokenClaims("k1", "t-1", "titles/t-1/job/", "s-1", now + lifetime), Key);

        Assert.Equal(TokenVerdict.Valid, PlaybackToken.Verify(Signed(TimeSpan.FromHours(5)), [Key], now).Verdict);
        Assert.Equal(TokenVerdict.LivesTooLong, PlaybackToken.Verify(Signed(TimeSpan.FromHours(7)), [Key], now).Verdict);
        Assert.Equal(TokenVerdict.LivesTooLong, PlaybackToken.Verify(Signed(TimeSpan.FromDays(365.25 * 3000)), [Key], now).Verdict); // the year 5000-odd
        Assert.Equal(TokenVerdict.LivesTooLong, PlaybackToken.Verify(Signed(TimeSpan.FromHours(2)), [Key], now, maxLifetime: TimeSpan.FromHours(1)).Verdict);
    }

    [Fact]
    public void TheShippedDevelopmentKey_IsRefusedOutsideDevelopment_WithTheSettingToChange()
    {
        var shipped = new List<SigningKeyOptions> { new() { Id = "dev-1", Secret = DevelopmentSigningKey.Secret } };
        var own = new List<SigningKeyOptions> { new() { Id = "k1", Secret = Convert.ToBase64String(new byte[32]) } };

        Assert.Null(DevelopmentSigningKey.Refusal(shipped, "Development", "Edge:SigningKeys"));
        Assert.Null(DevelopmentSigningKey.Refusal(own, "Production", "Edge:SigningKeys"));
        var refusal = DevelopmentSigningKey.Refusal(shipped, "Production", "Edge:SigningKeys");
        Assert.NotNull(refusal);
        Assert.Contains("Edge:SigningKeys:0:Secret", refusal);
        Assert.Contains("Edge__SigningKeys__0__Secret", refusal);
        Assert.Contains("--environment Development", refusal);
        Assert.DoesNotContain("\n", refusal);
    }

    [Fact]
    public void SteeringSignsWithTheNewCurrentKey_OnceTheConfigurationChanges_WithoutARestart()
    {
        var source = new ReloadableConfiguration(Keys("a", ("a", 1)));
        using var services = new ServiceCollection()
            .AddLogging()
            .AddNetflixCdn(new ConfigurationBuilder().Add(source).Build())
            .BuildServiceProvider();
        var current = services.GetRequiredService<CurrentSigningKey>();
        Assert.Equal("a", current.Key.Id);

        source.Replace(Keys("b", ("a", 1), ("b", 2))); // the overlap: both keys known, the new one signs
        Assert.Equal("b", current.Key.Id);
        source.Replace(Keys("missing", ("b", 2))); // a mistake: the key in force stays
        Assert.Equal("b", current.Key.Id);
    }

    [Fact]
    public void TheOriginCredential_IsAcceptedOnlyFromTheSameTier()
    {
        var tier = TierKey.FromBytes(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var other = TierKey.FromBytes(new byte[32]);
        Assert.True(OriginCredentials.Accepts(tier, OriginCredentials.Header(tier).ToString()));
        Assert.False(OriginCredentials.Accepts(tier, OriginCredentials.Header(other).ToString()));
        Assert.False(OriginCredentials.Accepts(tier, null));
        Assert.False(OriginCredentials.Accepts(tier, "Basic " + tier.OriginCredential));
    }

    private static Dictionary<string, string?> Keys(string current, params (string Id, byte Fill)[] keys)
    {
        var settings = new Dictionary<string, string?> { ["Netflix:Cdn:CurrentKeyId"] = current };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Netflix:Cdn:SigningKeys:{i}:Id"] = keys[i].Id;
            settings[$"Netflix:Cdn:SigningKeys:{i}:Secret"] = Convert.ToBase64String(Enumerable.Repeat(keys[i].Fill, 32).ToArray());
        }
        return settings;
    }
}
