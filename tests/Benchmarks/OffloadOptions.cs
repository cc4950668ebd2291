using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The offload mode's command line (the mode word already removed):
/// <c>offload [--titles N] [--alphas A[,A...]] [--edges N] [--edge-share PERCENT] [--days N] [--plays-per-day N] [--fill-share PERCENT] [--keep-bonus PERCENT] [--seed N] [--json]</c>.
/// </summary>
public sealed record OffloadOptions(int Titles, double[] Alphas, int Edges, double EdgeShare, int Days, int PlaysPerDay, double FillShare, double KeepBonus, int Seed, bool Json)
{
    public const string Mode = "offload";

    public const string Usage = "usage: Benchmarks offload [--titles N (catalog size, default 1000)] [--alphas A[,A...] (Zipf exponents, default 0.8,1.0,1.2,1.4)] " +
        "[--edges N (edges at the clients' site, default 3)] [--edge-share PERCENT (each edge's capacity as a share of the catalog's bytes, default 10)] " +
        "[--days N (simulated days, the first is warm-up, default 7)] [--plays-per-day N (default 20000)] [--fill-share PERCENT (of each edge's capacity its fill plan may use, default Netflix:Cdn:FillShare)] " +
        "[--keep-bonus PERCENT (fill hysteresis for held titles, default Netflix:Cdn:FillKeepBonus)] [--seed N (default 1)] [--json]";

    public static readonly OffloadOptions Default = new(Titles: 1000, Alphas: [0.8, 1.0, 1.2, 1.4], Edges: 3, EdgeShare: 0.10, Days: 7, PlaysPerDay: 20_000, FillShare: new Grains.Cdn.CdnOptions().FillShare, KeepBonus: new Grains.Cdn.CdnOptions().FillKeepBonus, Seed: 1, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static OffloadOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--titles" => options with { Titles = reader.Whole(10, 100_000) },
                "--alphas" => options with { Alphas = [.. reader.Value().Split(',').Select(a => reader.Number(a.Trim(), 0, 3))] },
                "--edges" => options with { Edges = reader.Whole(1, 64) },
                "--edge-share" => options with { EdgeShare = reader.Number(0.1, 100) / 100 },
                "--days" => options with { Days = reader.Whole(2, 365) },
                "--plays-per-day" => options with { PlaysPerDay = reader.Whole(100, 10_000_000) },
                "--fill-share" => options with { FillShare = reader.Number(0, 100) / 100 },
                "--keep-bonus" => options with { KeepBonus = reader.Number(0, 1000) / 100 },
                "--seed" => options with { Seed = reader.Whole(0, int.MaxValue) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        return options;
    }
}
