namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// BOLA-BASIC (Spiteri et al., "BOLA: Near-Optimal Bitrate Adaptation for Online Videos", INFOCOM 2016),
/// parameterised as dash.js does: utility <c>ln(bitrate / lowest) + 1</c>; the rendition that maximises
/// <c>(V·(utility + γp) − buffer) / bitrate</c>, with V and γp set so that the lowest rendition is chosen
/// at <paramref name="minimumBufferSeconds"/> and the highest from <paramref name="targetBufferSeconds"/>.
/// </summary>
public sealed class BolaRule(double minimumBufferSeconds = 10, double targetBufferSeconds = 18) : IAbrRule
{
    public string Name => "BOLA";

    public int Choose(AbrContext context)
    {
        var rates = context.BitratesKbps;
        if (rates.Count == 1) return 0;
        var utilities = rates.Select(r => Math.Log(r / rates[0]) + 1).ToArray();
        var gp = (utilities[^1] - 1) / (targetBufferSeconds / minimumBufferSeconds - 1);
        var vp = minimumBufferSeconds / gp;

        var best = context.Lowest;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < rates.Count; i++)
        {
            var score = (vp * (utilities[i] + gp) - context.BufferSeconds) / rates[i];
            if (score >= bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }
        return best;
    }
}
