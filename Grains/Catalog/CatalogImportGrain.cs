using Orleans.Concurrency;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Catalog;

[StatelessWorker, GrainType("catalog-import")]
public sealed class CatalogImportGrain : Grain, ICatalogImportGrain
{
    private const int TitleWritesAtOnce = 16;

    public async Task<int> ImportTitles(TitleRecord[] titles)
    {
        CheckBatch(titles, t => t.TitleId, "title");
        // A few titles at a time: each write waits for its copies in the other regions, and a batch of hundreds all at
        // once queues on the regions' connection pools until copies miss their deadline and the import fails.
        var views = new List<TitleView>(titles.Length);
        foreach (var slice in titles.Chunk(TitleWritesAtOnce))
        {
            views.AddRange(await Task.WhenAll(slice.Select(t =>
                GrainFactory.GetGrain<ITitleGrain>(t.TitleId).Upsert(t.Metadata, t.Artwork, t.Popularity))));
        }
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogKeys.Main).Upsert([.. views]);
        return views.Count;
    }

    public async Task<int> ImportMembers(MemberRecord[] members)
    {
        CheckBatch(members, m => m.MemberId, "member");
        // Two members of one batch with one email: refuse the batch before any write, rather than let one of them win.
        var sharedEmail = members.Where(m => m.SignIn is not null)
            .GroupBy(m => MemberEmails.Normalize(m.SignIn!.Email))
            .FirstOrDefault(g => g.Count() > 1);
        if (sharedEmail is not null)
            throw new ArgumentException($"members {string.Join(", ", sharedEmail.Select(m => $"'{m.MemberId}'"))} have the same email in one batch", nameof(members));
        // Each member grain claims its email and writes itself (one write, sign-in included), all in parallel.
        await Task.WhenAll(members.Select(m => GrainFactory.GetGrain<IMemberGrain>(m.MemberId).Import(m)));
        return members.Length;
    }

    public async Task<int> ImportViewings(MemberViewings[] members)
    {
        CheckBatch(members, m => m.MemberId, "member");
        await Task.WhenAll(members.Select(m =>
            GrainFactory.GetGrain<IMemberGrain>(m.MemberId).RecordViewings(m.Viewings ?? throw new ArgumentException($"member '{m.MemberId}' has no viewings list"))));
        return members.Sum(m => m.Viewings.Length);
    }

    private static void CheckBatch<T>(T[] batch, Func<T, string> id, string kind)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Length > CatalogLimits.MaxImportBatch)
            throw new ArgumentException($"at most {CatalogLimits.MaxImportBatch} {kind}s per batch", nameof(batch));
        foreach (var item in batch) GrainKeys.Validate(id(item), kind);
        var duplicate = batch.GroupBy(id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{kind} '{duplicate.Key}' appears twice in one batch", nameof(batch));
    }
}
