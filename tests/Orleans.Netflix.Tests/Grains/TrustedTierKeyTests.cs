using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Common;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

/// <summary>The tier key: configured or the shared development file, refused in one line when unusable; and the credential made with it.</summary>
public sealed class TrustedTierKeyTests : IDisposable
{
    private static readonly GrainId Registry = GrainId.Create("edge-registry", "us-east");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-tier-key-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string KeyFile => Path.Combine(_folder, "orleans-netflix", "tier.key");

    [Fact]
    public async Task ConcurrentCreators_OfTheDevelopmentKeyFile_AllEndUpWithTheSameKey_InAFileOnlyItsOwnerMayRead()
    {
        using var start = new Barrier(8);
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return TierKey.FromDevelopmentFile(KeyFile);
        })));

        var signed = keys.Select(k => new TrustedTierCredential(k)).ToArray();
        var credential = signed[0].Sign(Registry, "IEdgeRegistryGrain.Heartbeat");
        Assert.All(signed, c => Assert.True(c.Verify(credential, Registry, "IEdgeRegistryGrain.Heartbeat")));
        Assert.True(new TrustedTierCredential(TierKey.FromDevelopmentFile(KeyFile)).Verify(credential, Registry, "IEdgeRegistryGrain.Heartbeat"));
        Assert.Equal([Path.GetFileName(KeyFile)], Directory.GetFiles(Path.GetDirectoryName(KeyFile)!).Select(Path.GetFileName)); // no temporary files left
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(KeyFile).Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(KeyFile)!));
        }
    }

    [Fact]
    public async Task ConcurrentProcesses_CreatingTheDevelopmentKeyFile_AllEndUpWithTheSameKey()
    {
        // Real processes racing through the client's own start-up (it reads the key before it tries to connect).
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = _folder };
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            BuiltApp.Client.RunAsync(["genres", "--gateway", $"127.0.0.1:{FreePort.Next()}", "--connect-timeout", "10"], TimeSpan.FromSeconds(60), environment)));

        Assert.All(runs, r => Assert.Equal(ExitCodes.Unreachable, r.ExitCode)); // they got past the key to the (absent) cluster
        var key = TierKey.FromDevelopmentFile(KeyFile);
        Assert.Equal($"development key file {KeyFile}", key.Source);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(KeyFile)!));
    }

    [Fact]
    public void ADamagedDevelopmentKeyFile_IsOneClearError()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
        File.WriteAllText(KeyFile, "short");
        File.SetLastWriteTimeUtc(KeyFile, DateTime.UtcNow.AddMinutes(-1));

        var e = Assert.Throws<TierKeyException>(() => TierKey.FromDevelopmentFile(KeyFile));

        Assert.Contains(KeyFile, e.Message);
        Assert.Contains("Netflix:TierKey", e.Message);
    }

    [Theory]
    [InlineData("not base64 at all!", "Netflix:TierKey is not base64")]
    [InlineData("c2hvcnQga2V5", "Netflix:TierKey is 9 bytes: it must be at least 32")]
    public void AConfiguredBadKey_IsRefused_WithOneLineThatNeverShowsIt(string configured, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [TierKey.Setting] = configured }).Build();

        var e = Assert.Throws<TierKeyException>(() => new ServiceCollection().AddTrustedTierCredential(configuration));

        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain(configured, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AConfiguredKey_IsUsed_AndNeverShown()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

        var key = TierKey.FromSetting(secret);

        Assert.Equal(TierKey.Setting, key.Source);
        Assert.DoesNotContain(secret, key.ToString());
        var credential = new TrustedTierCredential(key);
        Assert.True(credential.Verify(credential.Sign(Registry, "ISteeringGrain.Steer"), Registry, "ISteeringGrain.Steer"));
        Assert.False(new TrustedTierCredential(TierKey.FromSetting(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))))
            .Verify(credential.Sign(Registry, "ISteeringGrain.Steer"), Registry, "ISteeringGrain.Steer"));
    }

    [Fact]
    public void ACredential_VerifiesOnlyForItsGrainMethodAndTime()
    {
        var key = TierKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        var now = DateTimeOffset.UtcNow;
        var checker = new TrustedTierCredential(key, new FixedTime(now));
        var made = new TrustedTierCredential(key, new FixedTime(now)).Sign(Registry, "IEdgeRegistryGrain.Heartbeat");

        Assert.True(checker.Verify(made, Registry, "IEdgeRegistryGrain.Heartbeat"));
        Assert.False(checker.Verify(made, GrainId.Create("edge-registry", "us-west"), "IEdgeRegistryGrain.Heartbeat"));
        Assert.False(checker.Verify(made, Registry, "IEdgeRegistryGrain.Deregister"));
        Assert.True(new TrustedTierCredential(key, new FixedTime(now + TimeSpan.FromMinutes(4))).Verify(made, Registry, "IEdgeRegistryGrain.Heartbeat"));
        Assert.False(new TrustedTierCredential(key, new FixedTime(now + TimeSpan.FromMinutes(6))).Verify(made, Registry, "IEdgeRegistryGrain.Heartbeat"));
        Assert.False(new TrustedTierCredential(key, new FixedTime(now - TimeSpan.FromMinutes(6))).Verify(made, Registry, "IEdgeRegistryGrain.Heartbeat"));

        var parts = made.Split('.');
        var tampered = $"{parts[0]}.{long.Parse(parts[1]) + 1}.{parts[2]}";
        Assert.False(checker.Verify(tampered, Registry, "IEdgeRegistryGrain.Heartbeat"));
        foreach (var junk in new object?[] { null, "", "v1", "v1..", "v2." + parts[1] + "." + parts[2], $"v1.{parts[1]}.{parts[2]}x", 42, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) })
            Assert.False(checker.Verify(junk, Registry, "IEdgeRegistryGrain.Heartbeat"));
    }

    [Fact]
    public async Task ASilo_GivenABadKey_SaysSoInOneLine_AndExits()
    {
        var result = await BuiltApp.Silo.RunAsync(["--region", "us-west", "--silo-port", $"{FreePort.Next()}", "--gateway-port", $"{FreePort.Next()}", "--origin-port", "0"],
            TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["Netflix__TierKey"] = "dG9vIHNob3J0" });

        Assert.Equal(SiloProgram.ExitBadSetup, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Netflix:TierKey is 9 bytes", line);
        Assert.DoesNotContain(SiloProgram.ReadyMarker, result.StdOut);
    }

    [Fact]
    public async Task AClient_GivenABadKey_SaysSoInOneLine_AndExits()
    {
        var result = await BuiltApp.Client.RunAsync(["genres"], TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["Netflix__TierKey"] = "%%%" });

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Netflix:TierKey is not base64", line);
        Assert.DoesNotContain("%%%", line);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
