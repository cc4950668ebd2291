using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Catalog;

/// <summary>
/// Bulk loading for the seed and admin imports: one call carries a whole batch, the silo fans it out
/// to the title or member grains in parallel and writes the catalog index once per batch.
/// A stateless worker, so batches from many clients run side by side.
/// </summary>
[Alias("netflix.ICatalogImportGrain"), TrustedTierOnly]
public interface ICatalogImportGrain : INetflixGrain
{
    [Alias("ImportTitles")]
    Task<int> ImportTitles(TitleRecord[] titles);

    /// <summary>
    /// Registers (or updates) each member, with its sign-in in the same write when the record has one: each member grain
    /// claims its email in the email index first, so an email another member holds fails that member's import
    /// (<see cref="EmailTakenException"/>); two records of one batch with one email refuse the batch before any write.
    /// </summary>
    [Alias("ImportMembers")]
    Task<int> ImportMembers(MemberRecord[] members);

    /// <summary>Appends viewing history to registered members, one write per member; returns the viewings added.</summary>
    [Alias("ImportViewings")]
    Task<int> ImportViewings(MemberViewings[] members);
}

/// <summary>A member's viewings as an import hands them over, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("netflix.MemberViewings")]
public sealed record MemberViewings(
    [property: Id(0)] string MemberId,
    [property: Id(1)] ViewingEvent[] Viewings);

public static class ImportKeys
{
    public const string Default = "import";
}
