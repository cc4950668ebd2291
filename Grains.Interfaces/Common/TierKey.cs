using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Orleans.Netflix.Common;

/// <summary>
/// The secret the trusted tier (silos, edges, the website, an operator's console) shares, and devices never hold:
/// <c>Netflix:TierKey</c> (environment <c>Netflix__TierKey</c>), base64 of at least <see cref="MinBytes"/> random bytes.
/// When none is configured, every process of one user on one machine shares a generated development key in
/// <see cref="DevelopmentFile"/>, so the demo and the tests need no configuration while a trusted tier on another
/// machine must be given the key explicitly. The key itself is never logged, and <see cref="ToString"/> names only its source.
/// </summary>
public sealed class TierKey
{
    public const string Setting = "Netflix:TierKey";
    public const int MinBytes = 32;

    /// <summary>How long a half-written development key file (another process creating it) is waited for.</summary>
    private static readonly TimeSpan CreatorGrace = TimeSpan.FromSeconds(5);

    private TierKey(ReadOnlySpan<byte> secret, string source)
    {
        // The grain-call credential uses a key derived for that purpose alone, so the same tier key can serve other
        // purposes later without one use's MACs being valid for another.
        CallKey = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, CallKey, salt: [], info: "orleans-netflix/trusted-tier/grain-call/v1"u8);
        Span<byte> origin = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, origin, salt: [], info: "orleans-netflix/trusted-tier/origin-pull/v1"u8);
        OriginCredential = Convert.ToBase64String(origin).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Source = source;
    }

    /// <summary>The HMAC-SHA256 key of <see cref="TrustedTierCredential"/>.</summary>
    internal byte[] CallKey { get; }

    /// <summary>
    /// The bearer secret edges and silos present to an origin server (<c>Authorization: Bearer …</c>, see <see cref="OriginCredentials"/>),
    /// derived for that purpose alone: knowing it gives no grain-call credential.
    /// </summary>
    public string OriginCredential { get; }

    /// <summary>Where the key came from (the setting's name or the file's path), never the key.</summary>
    public string Source { get; }

    public override string ToString() => $"tier key from {Source}";

    /// <summary><c>Netflix:TierKey</c> when set (not blank), else the development key file.</summary>
    /// <exception cref="TierKeyException">The configured key is not base64 of at least <see cref="MinBytes"/> bytes, or the file cannot be used.</exception>
    public static TierKey FromConfiguration(IConfiguration configuration) => FromSetting(configuration[Setting]);

    /// <summary>The configured value when set (not blank), else the development key file.</summary>
    public static TierKey FromSetting(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? FromDevelopmentFile(DevelopmentFile()) : FromBase64(configured, Setting);

    /// <summary>A key from its base64 text; <paramref name="origin"/> names it in errors (the text never appears in them).</summary>
    public static TierKey FromBase64(string base64, string origin = Setting)
    {
        var text = base64.Trim();
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var length))
            throw new TierKeyException($"{origin} is not base64: set it to at least {MinBytes} random bytes in base64 (openssl rand -base64 {MinBytes})");
        if (length < MinBytes)
            throw new TierKeyException($"{origin} is {length} bytes: it must be at least {MinBytes} random bytes in base64 (openssl rand -base64 {MinBytes})");
        try
        {
            return new TierKey(buffer.AsSpan(0, length), origin);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>A key from raw bytes (tests, tools).</summary>
    public static TierKey FromBytes(ReadOnlySpan<byte> secret, string source = "bytes")
    {
        if (secret.Length < MinBytes) throw new TierKeyException($"a tier key must be at least {MinBytes} bytes, not {secret.Length}");
        return new TierKey(secret, source);
    }

    /// <summary>
    /// The development key file: <c>$XDG_CONFIG_HOME/orleans-netflix/tier.key</c>, else <c>~/.config/orleans-netflix/tier.key</c>
    /// (on Windows under the roaming application data folder).
    /// </summary>
    public static string DevelopmentFile()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrWhiteSpace(config) || !Path.IsPathFullyQualified(config))
        {
            config = OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }
        return Path.Combine(config, "orleans-netflix", "tier.key");
    }

    /// <summary>
    /// The key in <paramref name="path"/>, created first when missing, by whichever process gets there first: 32 random
    /// bytes written into a file created exclusively (<see cref="FileMode.CreateNew"/>, O_EXCL: exactly one creator
    /// succeeds) with mode 0600 (folder 0700). A creator that loses the race discards its own key and reads the winner's,
    /// waiting while the winner's young file is still being written, so racing creators end up with the same key.
    /// </summary>
    public static TierKey FromDevelopmentFile(string path)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            if (TryRead(path, out var key, out var problem)) return key;
            if (problem is not null)
            {
                // Present but not (yet) a key: a creator whose copy fallback is still writing, or a damaged file.
                if (DateTime.UtcNow - started < CreatorGrace && IsYoung(path))
                {
                    Thread.Sleep(20);
                    continue;
                }
                throw new TierKeyException($"the development tier key file {path} {problem}: delete it to make a new one, or set {Setting}");
            }
            if (TryCreate(path, out key)) return key;
        }
    }

    private static bool TryRead(string path, out TierKey key, out string? problem)
    {
        key = null!;
        problem = null;
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.ASCII);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TierKeyException($"cannot read the development tier key file {path} ({e.Message}): set {Setting} instead");
        }
        try
        {
            key = FromBase64(text, $"development key file {path}");
            return true;
        }
        catch (TierKeyException)
        {
            problem = "does not hold a base64 key of at least 32 bytes";
            return false;
        }
    }

    private static bool TryCreate(string path, out TierKey key)
    {
        key = null!;
        var folder = Path.GetDirectoryName(path)!;
        var secret = RandomNumberGenerator.GetBytes(MinBytes);
        try
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read }; // racing readers wait for the text
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            FileStream stream;
            try
            {
                stream = new FileStream(path, options);
            }
            catch (IOException) when (File.Exists(path))
            {
                return false; // another creator won: read its key
            }
            using (stream)
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(secret) + "\n"));
                stream.Flush(flushToDisk: true);
            }
            key = new TierKey(secret, $"development key file {path}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TierKeyException($"cannot create the development tier key file {path} ({e.Message}): set {Setting} instead");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static bool IsYoung(string path)
    {
        try
        {
            return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < CreatorGrace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>A tier key that cannot be used: one line saying which setting or file and what to do.</summary>
public sealed class TierKeyException(string message) : ArgumentException(message);
