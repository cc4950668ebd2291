using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The old way: one image per title for everyone. Each title shows its variants uniformly at random for its first
/// <c>explore</c> impressions, then shows the variant with the best take rate in that phase from then on.
/// </summary>
public sealed class ArtworkAbTest(int explore)
{
    private readonly Dictionary<string, (int[] Shown, int[] Played, int? Winner)> _titles = [];

    public int Choose(string titleId, IReadOnlyList<ArtworkVariant> variants, Random random)
    {
        var state = State(titleId, variants.Count);
        return state.Winner ?? random.Next(variants.Count);
    }

    public void Learn(string titleId, int variantCount, int shown, bool played)
    {
        var state = State(titleId, variantCount);
        if (state.Winner is not null) return;
        state.Shown[shown]++;
        if (played) state.Played[shown]++;
        if (state.Shown.Sum() >= explore) _titles[titleId] = state with { Winner = Best(state.Shown, state.Played) };
    }

    /// <summary>The variant with the best take rate (the first on a tie; unseen variants rate 0).</summary>
    public static int Best(int[] shown, int[] played)
    {
        var best = 0;
        for (var i = 1; i < shown.Length; i++)
        {
            if (Rate(shown[i], played[i]) > Rate(shown[best], played[best])) best = i;
        }
        return best;
    }

    private static double Rate(int shown, int played) => shown == 0 ? 0 : (double)played / shown;

    private (int[] Shown, int[] Played, int? Winner) State(string titleId, int count)
    {
        if (!_titles.TryGetValue(titleId, out var state)) _titles[titleId] = state = (new int[count], new int[count], null);
        return state;
    }
}
