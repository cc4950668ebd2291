using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Catalog;

/// <summary>
/// Bulk loading for the seed and admin imports: one call carries a whole batch, the silo fans it out
/// to the title or member grains in parallel and writes the catalog index once per batch.
/// A stateless worker, so batches from many clients run side by side.
/// </summary>
[Alias("netflix.ICatalogImportGrain")]
public interface ICatalogImportGrain : INetflixGrain
{
    [Alias("ImportTitles")]
    Task<int> ImportTitles(TitleRecord[] titles);

    [Alias("ImportMembers")]
    Task<int> ImportMembers(MemberRecord[] members);
}

public static class ImportKeys
{
    public const string Default = "import";
}
