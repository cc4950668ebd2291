using Orleans.Netflix.Grains.Media.Copies;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>Where a title plays, from what a region's origin holds against the title's current index.</summary>
public sealed class MediaPlacementTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly TitleAssets Current = new("t-1", "job-2", "titles/t-1/job-2/master.m3u8", [], [], [],
        [new AssetFile("titles/t-1/job-2/master.m3u8", 100, 0, new string('a', 64))], T0);

    private static OriginHolding Holding(string job, MediaCopyState state, int files = 40, long bytes = 12_400_000, string? from = "us-east", string? error = null) =>
        new("t-1", job, state, from, files, 40, bytes, 12_400_000, T0, T0, error);

    [Fact]
    public void OnlyTheCurrentJob_HeldWhole_IsPlayable()
    {
        Assert.Equal(RegionMediaStatus.Playable, MediaPlacement.Of("us-west", Current, Holding("job-2", MediaCopyState.Complete)).Status);
        Assert.Equal(RegionMediaStatus.Waiting, MediaPlacement.Of("us-west", Current, Holding("job-1", MediaCopyState.Complete)).Status);
        Assert.Equal(RegionMediaStatus.Waiting, MediaPlacement.Of("us-west", Current, null).Status);
        Assert.Equal(RegionMediaStatus.Waiting, MediaPlacement.Of("us-west", null, Holding("job-2", MediaCopyState.Complete)).Status);
        Assert.Equal(RegionMediaStatus.Copying, MediaPlacement.Of("us-west", Current, Holding("job-2", MediaCopyState.Copying, 12, 3_844_000)).Status);
        Assert.Equal(RegionMediaStatus.Failed, MediaPlacement.Of("us-west", Current, Holding("job-2", MediaCopyState.Failed)).Status);
        Assert.True(Holding("job-2", MediaCopyState.Complete).Serves(Current));
        Assert.False(Holding("job-2", MediaCopyState.Copying).Serves(Current));
        Assert.False(((OriginHolding?)null).Serves(Current));
    }

    [Fact]
    public void EachStatus_SaysWhatAMemberOrOperatorNeedsToKnow()
    {
        Assert.Equal("playable", MediaPlacement.Of("us-east", Current, Holding("job-2", MediaCopyState.Complete, from: null)).Describe());
        Assert.Equal("playable (copied from us-east)", MediaPlacement.Of("us-west", Current, Holding("job-2", MediaCopyState.Complete)).Describe());
        Assert.Equal("copying 12 of 40 files (31 % of 12.4 MB) from us-east",
            MediaPlacement.Of("us-west", Current, Holding("job-2", MediaCopyState.Copying, 12, 3_844_000)).Describe());
        Assert.Equal("copy failed, to be tried again: seg-2.m4s: its SHA-256 differs from the index's",
            MediaPlacement.Of("us-west", Current, Holding("job-2", MediaCopyState.Failed, error: "seg-2.m4s: its SHA-256 differs from the index's")).Describe());
        Assert.Equal("waiting for a copy", MediaPlacement.Of("us-west", Current, null).Describe());
    }
}
