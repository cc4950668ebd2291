using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Netflix.Common;

/// <summary>
/// The proof a trusted-tier caller attaches to each call of a <see cref="TrustedTierOnlyAttribute"/> method, in
/// <see cref="RequestContext"/> under <see cref="ContextKey"/>: <c>v1.&lt;unix seconds&gt;.&lt;base64url MAC&gt;</c>, where the MAC is
/// HMAC-SHA256, under a key derived from the <see cref="TierKey"/>, of <c>v1|&lt;target grain id&gt;|&lt;Interface.Method&gt;|&lt;unix seconds&gt;</c>.
/// </summary>
/// <remarks>
/// Why not the key itself: request context travels in clear in every message (and on to every call the grain makes next),
/// so a raw key would be handed to whoever sees one message or logs a request context. A MAC shows only that its maker
/// holds the key, and only for one method of one grain for a few minutes: replaying a seen credential reaches nothing
/// else, and after <see cref="Window"/> nothing at all. The check recomputes the MAC and compares in fixed time
/// (<see cref="CryptographicOperations.FixedTimeEquals"/>); a credential that does not verify is worth nothing, so a value a
/// device puts in its own request context under this key changes nothing. Within the window a captured credential can be
/// replayed against the same grain and method: keep gateway traffic on a private network (or TLS) where that matters.
/// </remarks>
public sealed class TrustedTierCredential(TierKey key, TimeProvider? time = null)
{
    /// <summary>The wall clock (not a service's <see cref="TimeProvider"/>, which tests may set): both ends must agree on it.</summary>
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The request context key the credential travels under.</summary>
    public const string ContextKey = "nf-tier";

    /// <summary>How far a credential's time may be from the checking silo's clock, either way (clock skew, queueing).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Version = "v1";
    private const int MacBytes = 32;

    /// <summary>The credential for calling <paramref name="method"/> (<c>Interface.Method</c>) on <paramref name="target"/> now.</summary>
    public string Sign(GrainId target, string method)
    {
        var seconds = _time.GetUtcNow().ToUnixTimeSeconds();
        Span<byte> mac = stackalloc byte[MacBytes];
        Mac(target, method, seconds, mac);
        return $"{Version}.{seconds.ToString(CultureInfo.InvariantCulture)}.{Base64Url.EncodeToString(mac)}";
    }

    /// <summary>True only for a well-formed credential made with this key for this target and method within <see cref="Window"/> of now.</summary>
    public bool Verify(object? credential, GrainId target, string method)
    {
        if (credential is not string text || text.Length > 128) return false;
        var parts = text.Split('.');
        if (parts.Length != 3 || parts[0] != Version) return false;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)Window.TotalSeconds) return false;
        Span<byte> presented = stackalloc byte[MacBytes + 3];
        if (!Base64Url.IsValid(parts[2], out var decodedLength) || decodedLength != MacBytes) return false;
        if (Base64Url.DecodeFromChars(parts[2], presented, out _, out var written) != System.Buffers.OperationStatus.Done || written != MacBytes) return false;
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(target, method, seconds, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented[..MacBytes]);
    }

    private void Mac(GrainId target, string method, long seconds, Span<byte> destination)
    {
        var payload = Encoding.UTF8.GetBytes($"{Version}|{target}|{method}|{seconds.ToString(CultureInfo.InvariantCulture)}");
        HMACSHA256.HashData(key.CallKey, payload, destination);
    }
}
