using System.Runtime.CompilerServices;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Grains.Personalization;

/// <summary>
/// Turns the <see cref="TasteProfile"/> a caller hands over into the bandit's <see cref="MemberTastes"/>: shares outside
/// 0 to 1 are clamped, non-numbers and zeros dropped (one NaN would poison every weight it touches), and only the strongest
/// <see cref="MaxEntries"/> genres and cast members are kept, so a huge profile cannot make one choice expensive.
/// The result owns its dictionaries: a pending impression never shares them with the caller.
/// </summary>
public static class TasteProfiles
{
    public const int MaxEntries = 200;

    public static MemberTastes ToMemberTastes(this TasteProfile? profile) =>
        profile is null ? MemberTastes.None : new MemberTastes(Clean(profile.Genres), Clean(profile.Cast));

    private static readonly ConditionalWeakTable<TasteProfile, MemberTastes> Converted = new();

    /// <summary>
    /// <see cref="ToMemberTastes"/>, converted once per profile object while it lives: a home screen's slices reach the
    /// artwork grains on the same silo as the same objects, screen after screen (the result is shared, never changed).
    /// </summary>
    public static MemberTastes ToSharedMemberTastes(this TasteProfile? profile) =>
        profile is null ? MemberTastes.None : Converted.GetValue(profile, p => p.ToMemberTastes());

    private static Dictionary<string, double> Clean(Dictionary<string, double>? shares)
    {
        var clean = new Dictionary<string, double>(StringComparer.Ordinal);
        if (shares is null) return clean;
        var kept = shares
            .Where(kv => !string.IsNullOrEmpty(kv.Key) && double.IsFinite(kv.Value) && kv.Value > 0)
            .Select(kv => (kv.Key, Share: Math.Min(kv.Value, 1.0)));
        if (shares.Count > MaxEntries) kept = kept.OrderByDescending(kv => kv.Share).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxEntries);
        foreach (var (key, share) in kept) clean[key] = share;
        return clean;
    }
}
