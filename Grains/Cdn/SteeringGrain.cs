using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Catalog;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// Ranks the region's live edges for a play (<see cref="EdgeRanking"/>) and signs one token for the
/// title's published folder, good on every edge: <c>{edge}/v1/{token}/{master playlist path}</c>.
/// Stateless: any number of activations per silo answer steering calls.
/// </summary>
[GrainType("steering"), StatelessWorker, Reentrant] // no state to guard: a turn waiting on the registry must not hold up other plays
public sealed class SteeringGrain(IOptions<CdnOptions> options, CurrentSigningKey signingKey, PlayableTitles titles, PlayTally plays, TimeProvider clock) : Grain, ISteeringGrain
{

    public async Task<SteeringResult> Steer(SteeringRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        GrainKeys.Validate(request.TitleId, "title");
        GrainKeys.Validate(request.SessionId, "session");
        var region = this.GetPrimaryKeyString();
        var master = await titles.MasterPlaylistAsync(request.TitleId)
            ?? throw new NotFoundException("playable media for title", request.TitleId);
        var edges = await GrainFactory.GetGrain<IEdgeRegistryGrain>(region).Live();
        var ranked = EdgeRanking.Rank(edges, request.TitleId, request.ClientRegion, request.ClientLocation);
        if (ranked.Count == 0) throw new InvalidOperationException($"no edge is live in region {region}");

        var cdn = options.Value;
        var expires = clock.GetUtcNow() + cdn.TokenLifetime;
        var prefix = TitleAssetPaths.FolderOf(master);
        var key = signingKey.Key; // parsed once per configuration change, not per play
        var token = PlaybackToken.Sign(new TokenClaims(key.Id, request.TitleId, prefix, request.SessionId, expires, request.MaxVideoHeight), key);
        var steered = ranked.Take(Math.Max(2, cdn.EdgesPerPlay)).Select(r => new SteeredEdge(
            r.Edge.Report.EdgeId, r.Edge.Report.Location, r.Proximity, r.HoldsTitle,
            $"{r.Edge.Report.BaseUrl.TrimEnd('/')}/v1/{token}/{master}")).ToArray();
        plays.Count(region, request.TitleId);
        return new SteeringResult(request.TitleId, request.SessionId, expires, steered);
    }

    public async Task<ArtworkLinks> SteerArtwork(string titleId, string clientRegion, string clientLocation)
    {
        GrainKeys.Validate(titleId, "title");
        var region = this.GetPrimaryKeyString();
        var master = await titles.MasterPlaylistAsync(titleId) ?? throw new NotFoundException("playable media for title", titleId);
        var edges = await GrainFactory.GetGrain<IEdgeRegistryGrain>(region).Live();
        var ranked = EdgeRanking.Rank(edges, titleId, clientRegion, clientLocation);
        if (ranked.Count == 0) throw new InvalidOperationException($"no edge is live in region {region}");
        var expires = clock.GetUtcNow() + options.Value.TokenLifetime;
        // The artwork folder only: a token shown on a page of tiles must not open the title's video to whoever reads it.
        var prefix = TitleAssetPaths.FolderOf(master) + ArtworkStills.Folder + "/";
        var key = signingKey.Key; // parsed once per configuration change, not per play
        var token = PlaybackToken.Sign(new TokenClaims(key.Id, titleId, prefix, ArtworkSession, expires), key);
        return new ArtworkLinks(titleId, expires,
            [.. ranked.Take(Math.Max(2, options.Value.EdgesPerPlay)).Select(r => $"{r.Edge.Report.BaseUrl.TrimEnd('/')}/v1/{token}/{prefix}")]);
    }

    /// <summary>What the edge logs as the session of an artwork fetch.</summary>
    private const string ArtworkSession = "artwork";
}
