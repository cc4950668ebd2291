using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>Steering and the edge registry (configuration section "Netflix:Cdn").</summary>
public sealed class CdnOptions
{
    public const string Section = "Netflix:Cdn";

    /// <summary>The keys tokens are signed with; edges must hold the same ones.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>Which of <see cref="SigningKeys"/> signs new tokens (the other one only still verifies); empty means the first.</summary>
    public string CurrentKeyId { get; set; } = "";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>An edge silent for this long is out of steering.</summary>
    public TimeSpan EdgeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many ranked edges one play gets (at least two when two are live).</summary>
    public int EdgesPerPlay { get; set; } = 3;

    /// <summary>
    /// Share of an edge's capacity its fill plan may use; the rest serves misses (titles the plan has not
    /// caught up with). The offload simulation (tests/Benchmarks offload) gains 2 points of offload from 0.8 to 0.95.
    /// </summary>
    public double FillShare { get; set; } = 0.95;

    /// <summary>How many of the most popular titles a plan considers.</summary>
    public int FillCandidates { get; set; } = 2000;

    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often a silo tells the fill planners the plays its steering counted (see <see cref="PlayTally"/>).</summary>
    public TimeSpan PlayTallyEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A title drawing at least this share of a region's plays is held by <see cref="FillReplicas"/> edges
    /// of a site, so no one edge carries it alone; every other planned title by one edge. (Replicating by
    /// cumulative share instead, the first half of plays, cost 6 points of offload at Zipf 0.8 in the
    /// offload simulation: with flat popularity that half is many titles.)
    /// </summary>
    public double ReplicateAbovePlayShare { get; set; } = 0.02;

    /// <summary>
    /// Hysteresis for fill: a title an edge already holds counts this much more popular when plans are made,
    /// so a title only displaces a held one when it is clearly more played (see <see cref="FillSelection"/>).
    /// </summary>
    public double FillKeepBonus { get; set; } = 0.5;

    /// <summary>How many edges of a site hold each of the hottest titles (see <see cref="ReplicateAbovePlayShare"/>).</summary>
    public int FillReplicas { get; set; } = 2;

    public SigningKey SigningKey()
    {
        var keys = SigningKeyOptions.Parse(SigningKeys);
        return string.IsNullOrEmpty(CurrentKeyId) ? keys[0]
            : keys.FirstOrDefault(k => k.Id == CurrentKeyId) ?? throw new ArgumentException($"the current signing key '{CurrentKeyId}' is not among the configured keys");
    }
}
