using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// Names one immutable object by its content: the SHA-256 of its bytes (64 lowercase hex characters)
/// and its length. The cache stores, verifies and evicts by this key, so the same bytes are held once
/// whatever title or path they were requested under.
/// </summary>
/// <remarks>
/// The hash becomes a file name on disk, so the constructor itself refuses anything but lowercase hex:
/// a key can never name a path outside the cache's root. <see cref="Create"/> also accepts uppercase.
/// </remarks>
public sealed record CacheKey(string Sha256, long Bytes)
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The SHA-256 of the content, 64 lowercase hex characters.</summary>
    public string Sha256 { get; init => field = CheckSha256(value); } = CheckSha256(Sha256);

    /// <summary>The content's length in bytes.</summary>
    public long Bytes { get; init => field = CheckBytes(value); } = CheckBytes(Bytes);

    /// <summary>Validates and builds a key; hex digits may be in either case.</summary>
    /// <exception cref="ArgumentException">The hash is not 64 hex digits, or the size is negative.</exception>
    public static CacheKey Create(string sha256, long bytes)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return new CacheKey(sha256.ToLowerInvariant(), bytes);
    }

    /// <summary>Like <see cref="Create"/>, but answers false instead of throwing.</summary>
    public static bool TryCreate(string? sha256, long bytes, [NotNullWhen(true)] out CacheKey? key)
    {
        key = sha256 is not null && bytes >= 0 && IsLowerHex64(sha256.ToLowerInvariant())
            ? new CacheKey(sha256.ToLowerInvariant(), bytes)
            : null;
        return key is not null;
    }

    internal static bool IsLowerHex64(string value) => value.Length == 64 && !value.AsSpan().ContainsAnyExcept(LowerHex);

    private static string CheckSha256(string value) =>
        value is not null && IsLowerHex64(value)
            ? value
            : throw new ArgumentException($"'{value}' is not a SHA-256: 64 hex characters expected", nameof(Sha256));

    private static long CheckBytes(long value) =>
        value >= 0 ? value : throw new ArgumentException($"object size {value} is negative", nameof(Bytes));
}
