using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Netflix.Cdn;

/// <summary>One HMAC key; edges hold two active ones at a time so the steering side can rotate.</summary>
public sealed record SigningKey(string Id, byte[] Secret)
{
    /// <summary>A key from its id and base64 secret (at least 32 bytes), or an <see cref="ArgumentException"/>.</summary>
    public static SigningKey Parse(string id, string base64Secret)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 32 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"signing key id '{id}' must be 1-32 letters, digits, '-' or '_'");
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(base64Secret);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"signing key '{id}' is not base64");
        }
        if (secret.Length < 32) throw new ArgumentException($"signing key '{id}' has {secret.Length} bytes, at least 32 needed");
        return new SigningKey(id, secret);
    }
}

/// <summary>
/// What a token grants: files of one title under one path prefix, for one session, until it expires, and
/// no video rendition taller than <see cref="MaxVideoHeight"/> (0: no cap), which is how a plan's cap holds
/// at the edge and not only in the manifest.
/// </summary>
public sealed record TokenClaims(string KeyId, string TitleId, string PathPrefix, string SessionId, DateTimeOffset ExpiresAt, int MaxVideoHeight = 0);

public enum TokenVerdict
{
    Valid,
    Malformed,
    UnknownKey,
    BadSignature,
    Expired,

    /// <summary>Signed and unexpired, but it expires further ahead than the checker's maximum lifetime allows.</summary>
    LivesTooLong,
}

/// <summary>
/// Signed playback tokens. A token is one URL path segment, <c>payload.signature</c>, both base64url:
/// the payload is <c>v2|keyId|titleId|pathPrefix|sessionId|expiresUnixSeconds|maxVideoHeight</c> and the signature
/// is HMAC-SHA256 over the payload bytes with the key named in it. Carried in the path
/// (<c>/v1/{token}/{asset path}</c>), so every relative URL inside a playlist resolves under the same token.
/// </summary>
public static class PlaybackToken
{
    private const string Version = "v2";
    public const int MaxLength = 1024;

    /// <summary>How far ahead a token may expire unless configured otherwise (edges' and steering's default).</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromHours(6);

    public static string Sign(TokenClaims claims, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(key);
        if (claims.KeyId != key.Id) throw new ArgumentException($"claims name key '{claims.KeyId}', signing with '{key.Id}'");
        foreach (var (name, value) in new[] { ("title", claims.TitleId), ("path prefix", claims.PathPrefix), ("session", claims.SessionId) })
        {
            if (value.Contains('|') || value.Any(char.IsControl)) throw new ArgumentException($"the {name} '{value}' cannot go into a token");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(claims.MaxVideoHeight);
        var payload = Encoding.UTF8.GetBytes(string.Join('|', Version, claims.KeyId, claims.TitleId, claims.PathPrefix, claims.SessionId,
            claims.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), claims.MaxVideoHeight.ToString(CultureInfo.InvariantCulture)));
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(key.Secret, payload))}";
    }

    /// <summary>
    /// Checks the signature (constant time) with whichever active key the token names, then the expiry, which must lie
    /// after <paramref name="now"/> and no further ahead than <paramref name="maxLifetime"/> (default <see cref="DefaultMaxLifetime"/>):
    /// a leaked key's forgeries, or a misconfigured signer's, cannot play for years.
    /// </summary>
    public static (TokenVerdict Verdict, TokenClaims? Claims) Verify(string? token, IReadOnlyCollection<SigningKey> activeKeys, DateTimeOffset now, TimeSpan? maxLifetime = null)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength) return (TokenVerdict.Malformed, null);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || !TryFromBase64Url(token[..dot], out var payload) || !TryFromBase64Url(token[(dot + 1)..], out var signature))
            return (TokenVerdict.Malformed, null);

        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, true).GetString(payload).Split('|');
        }
        catch (DecoderFallbackException)
        {
            return (TokenVerdict.Malformed, null);
        }
        if (parts.Length != 7 || parts[0] != Version || !long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds() || !int.TryParse(parts[6], NumberStyles.None, CultureInfo.InvariantCulture, out var maxHeight))
            return (TokenVerdict.Malformed, null);

        var key = activeKeys.FirstOrDefault(k => k.Id == parts[1]);
        if (key is null) return (TokenVerdict.UnknownKey, null);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key.Secret, payload), signature)) return (TokenVerdict.BadSignature, null);

        var claims = new TokenClaims(parts[1], parts[2], parts[3], parts[4], DateTimeOffset.FromUnixTimeSeconds(expires), maxHeight);
        if (claims.ExpiresAt <= now) return (TokenVerdict.Expired, claims);
        return claims.ExpiresAt - now > (maxLifetime ?? DefaultMaxLifetime) ? (TokenVerdict.LivesTooLong, claims) : (TokenVerdict.Valid, claims);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try
        {
            bytes = Convert.FromBase64String(padded);
            // Only the canonical spelling: the last character's unused low bits could otherwise vary, making
            // several different tokens (and URLs, and cache keys) out of one signature.
            return Base64Url(bytes) == text;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
