using Orleans.Netflix.Cdn;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// Which titles one edge should hold: whole titles, most popular first, while they fit the budget. A
/// title too big for what is left is skipped, not the end: a smaller, less popular one may still fit.
/// </summary>
public static class FillSelection
{
    public static FillPlan Choose(string edgeId, IEnumerable<TitleAssets> titlesByPopularity, long budgetBytes)
    {
        var titles = new List<string>();
        var files = new List<FillFile>();
        long bytes = 0;
        foreach (var assets in titlesByPopularity)
        {
            var size = assets.Files.Sum(f => f.Bytes);
            if (bytes + size > budgetBytes) continue;
            bytes += size;
            titles.Add(assets.TitleId);
            files.AddRange(assets.Files.Select(f => new FillFile(assets.TitleId, f.Path, f.Bytes, f.Sha256)));
        }
        return new FillPlan(edgeId, [.. titles], [.. files], bytes);
    }
}
