namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>
/// Event ids for a home screen's impressions: random version-4 GUIDs (122 random bits, as <see cref="Guid.NewGuid"/>) drawn
/// from <see cref="Random.Shared"/> (xoshiro256**, seeded from the operating system per thread) instead of asking the kernel
/// for 16 random bytes per id, which 50 impressions a screen made show in a profile. The log only needs them unique.
/// </summary>
public static class ImpressionIds
{
    public static Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (the high nibble of the third group, little-endian)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
