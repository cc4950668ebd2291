namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// The implicit ALS model's settings (Hu, Koren and Volinsky 2008). <paramref name="Factors"/>: length of each member's and
/// title's vector. <paramref name="Iterations"/>: alternating passes (members, then titles). <paramref name="Alpha"/>: how much
/// confidence one play adds (c = 1 + α·w, w = 1 + ln plays); unplayed titles have confidence 1 in "not interested".
/// <paramref name="Lambda"/>: the L2 penalty on every vector. <paramref name="Seed"/>: the random start, so training repeats exactly.
/// </summary>
public sealed record ImplicitAlsOptions(int Factors = 32, int Iterations = 10, double Alpha = 10, double Lambda = 1, int Seed = 1)
{
    public static readonly ImplicitAlsOptions Default = new();
}
