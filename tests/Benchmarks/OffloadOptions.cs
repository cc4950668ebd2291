namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The offload mode's options, as <see cref="OffloadSettings"/> reads them from its command line:
/// <c>offload [--titles N] [--alphas A[,A...]] [--edges N] [--edge-share PERCENT] [--days N] [--plays-per-day N] [--fill-share PERCENT] [--keep-bonus PERCENT] [--seed N] [--json]</c>.
/// </summary>
public sealed record OffloadOptions(int Titles, double[] Alphas, int Edges, double EdgeShare, int Days, int PlaysPerDay, double FillShare, double KeepBonus, int Seed, bool Json)
{
    public const string Mode = "offload";

    public static readonly OffloadOptions Default = new(Titles: 1000, Alphas: [0.8, 1.0, 1.2, 1.4], Edges: 3, EdgeShare: 0.10, Days: 7, PlaysPerDay: 20_000, FillShare: new Grains.Cdn.CdnOptions().FillShare, KeepBonus: new Grains.Cdn.CdnOptions().FillKeepBonus, Seed: 1, Json: false);
}
