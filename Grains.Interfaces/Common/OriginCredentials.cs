using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Netflix.Common;

/// <summary>
/// How the trusted tier proves itself to an origin server: <c>Authorization: Bearer {TierKey.OriginCredential}</c>, a secret
/// derived from the tier key that every edge and silo already holds. Players never reach origin, so they never hold it.
/// </summary>
public static class OriginCredentials
{
    public const string Scheme = "Bearer";

    /// <summary>The header value an edge or a copier sends with each origin request.</summary>
    public static AuthenticationHeaderValue Header(TierKey key) => new(Scheme, key.OriginCredential);

    /// <summary>True when <paramref name="authorization"/> (the request's Authorization header) carries this tier's credential; constant time.</summary>
    public static bool Accepts(TierKey key, string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme + " ", StringComparison.Ordinal)) return false;
        var presented = Encoding.ASCII.GetBytes(authorization[(Scheme.Length + 1)..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(key.OriginCredential));
    }
}
