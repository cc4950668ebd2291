using System.Text.Json;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Members;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Tests.Grains;

/// <summary>The member merge is a join: any order, grouping or repetition of copies ends in the same state, and no write is lost to a concurrent one.</summary>
public sealed class MemberStateMergeTests
{
    private static readonly MemberProfile Ana = new("Ana Lima", "BR", "pt-BR", MaturityRating.Age16);
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-06T10:00:00Z");

    [Fact]
    public void ConcurrentWritesToDifferentEntries_BothSurvive_AndSameEntryGoesToTheLaterStamp()
    {
        var start = Registered();
        var east = Copy(start);
        east.ResumePoints["t-east"] = new ResumePoint("t-east", TimeSpan.FromMinutes(1), At);
        east.Stamp(MemberKeys.Resume("t-east"), 200);
        east.Plan = PlanTier.Premium;
        east.Stamp(MemberKeys.Plan, 210);
        east.CountWrite("us-east");
        var west = Copy(start);
        west.ResumePoints["t-west"] = new ResumePoint("t-west", TimeSpan.FromMinutes(2), At);
        west.Stamp(MemberKeys.Resume("t-west"), 205);
        west.Plan = PlanTier.Basic;
        west.Stamp(MemberKeys.Plan, 201); // earlier than east's plan change
        west.Devices.Add(new Device("tv", DeviceKind.Tv, "TV"));
        west.Stamp(MemberKeys.Device("tv"), 202);
        west.CountWrite("us-west");

        var merged = MemberStateMerge.Merge(east, west);

        Assert.Equal(["t-east", "t-west"], merged.ResumePoints.Keys.Order());
        Assert.Equal(PlanTier.Premium, merged.Plan);
        Assert.Equal(["phone", "tv"], merged.Devices.Select(d => d.DeviceId));
        Assert.Equal(3, merged.Version); // registration, and one write in each region
        Assert.Equal(Json(merged), Json(MemberStateMerge.Merge(west, east)));
    }

    [Fact]
    public void ADeletion_BeatsAnOlderWrite_AndLosesToANewerOne()
    {
        var start = Registered();
        var removed = Copy(start);
        removed.Devices.Clear();
        removed.Stamp(MemberKeys.Device("phone"), 300);
        removed.Ratings.Remove("t-1");
        removed.Stamp(MemberKeys.Rating("t-1"), 300);
        var renamedEarlier = Copy(start);
        renamedEarlier.Devices[0] = new Device("phone", DeviceKind.Phone, "Old name");
        renamedEarlier.Stamp(MemberKeys.Device("phone"), 250);
        var ratedLater = Copy(start);
        ratedLater.Ratings["t-1"] = new TitleRating("t-1", Thumb.Down, At);
        ratedLater.Stamp(MemberKeys.Rating("t-1"), 350);

        var merged = MemberStateMerge.Merge(MemberStateMerge.Merge(removed, renamedEarlier), ratedLater);

        Assert.Empty(merged.Devices); // the tombstone (300) outranks the rename (250)
        Assert.Equal(Thumb.Down, merged.Ratings["t-1"].Thumb); // the later rating (350) outranks the deletion (300)
        Assert.Equal(300, merged.StampOf(MemberKeys.Device("phone")));
    }

    [Fact]
    public void Merge_IsCommutativeAssociativeAndIdempotent_OverManyConcurrentStates()
    {
        var random = new Random(19);
        for (var round = 0; round < 200; round++)
        {
            var start = Registered();
            var (a, b, c) = (Mutated(start, random), Mutated(start, random), Mutated(start, random));

            Assert.Equal(Json(MemberStateMerge.Merge(a, b)), Json(MemberStateMerge.Merge(b, a)));
            Assert.Equal(Json(MemberStateMerge.Merge(MemberStateMerge.Merge(a, b), c)), Json(MemberStateMerge.Merge(a, MemberStateMerge.Merge(b, c))));
            var ab = MemberStateMerge.Merge(a, b);
            Assert.Equal(Json(ab), Json(MemberStateMerge.Merge(ab, ab)));
            Assert.Equal(Json(ab), Json(MemberStateMerge.Merge(ab, a))); // a repeated copy changes nothing
        }
    }

    [Fact]
    public void HistoryIsTheUnionOfBothSides_KeepingTheNewest()
    {
        var a = Registered();
        var b = Copy(a);
        a.History = MemberStateMerge.Newest(Enumerable.Range(0, 700).Select(i => new ViewingEvent("t-a", At.AddMinutes(2 * i), TimeSpan.Zero)));
        b.History = MemberStateMerge.Newest(Enumerable.Range(0, 700).Select(i => new ViewingEvent("t-b", At.AddMinutes(2 * i + 1), TimeSpan.Zero)));

        var merged = MemberStateMerge.Merge(a, b);

        Assert.Equal(MemberRules.MaxHistory, merged.History.Count);
        Assert.Equal(At.AddMinutes(1399), merged.History[^1].WatchedAt);
        Assert.Equal(At.AddMinutes(400), merged.History[0].WatchedAt); // the oldest 400 rolled off
    }

    [Fact]
    public void ViewingsInsertedOneWriteAtATime_EndInTheSameHistoryAsSortingEverything()
    {
        var random = new Random(21);
        var titles = new[] { "t-a", "t-b", "t-c" };
        ViewingEvent Viewing() => new(titles[random.Next(titles.Length)], At.AddMinutes(random.Next(1500)), TimeSpan.FromSeconds(random.Next(3)));
        var inserted = new List<ViewingEvent>();
        var everything = new List<ViewingEvent>();
        for (var write = 0; write < 600; write++)
        {
            var viewings = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Viewing()).ToArray();
            if (write % 7 == 0) viewings = [.. viewings, viewings[0]]; // a repeat within one write
            if (write % 11 == 0 && everything.Count > 0) viewings = [.. viewings, everything[random.Next(everything.Count)]]; // one already held
            MemberStateMerge.Insert(inserted, viewings);
            everything.AddRange(viewings);
            Assert.True(MemberStateMerge.IsInStoredOrder(inserted));
        }

        Assert.Equal(MemberRules.MaxHistory, inserted.Count);
        Assert.Equal(MemberStateMerge.Newest(everything), inserted);
    }

    [Fact]
    public void StateStoredBeforeStamps_MergesAsOlderThanAnyWrite()
    {
        // As stored before stamps and per-region counts existed.
        var stored = JsonSerializer.Deserialize<MemberState>("""
            {"Profile":{"Name":"Ana Lima","Country":"BR","Language":"pt-BR","MaturityLimit":16},"Plan":1,"Devices":[],"History":[],
             "ResumePoints":{"t-1":{"TitleId":"t-1","Position":"00:05:00","UpdatedAt":"2026-12-01T10:00:00+00:00"}},"Ratings":{},"Version":7}
            """)!;
        var written = Copy(stored);
        written.ResumePoints["t-1"] = new ResumePoint("t-1", TimeSpan.FromMinutes(9), At);
        written.Stamp(MemberKeys.Resume("t-1"), 1);
        written.CountWrite("us-east");

        var merged = MemberStateMerge.Merge(stored, written);

        Assert.Equal(TimeSpan.FromMinutes(9), merged.ResumePoints["t-1"].Position);
        Assert.Equal(8, merged.Version); // the 7 stored writes, and this one
        Assert.Equal(Json(merged), Json(MemberStateMerge.Merge(written, stored)));
    }

    [Fact]
    public void AWriteOverAnEntryStampedAhead_StillSupersedesIt()
    {
        var state = Registered();
        state.Stamp(MemberKeys.Plan, 9_000); // written by a region whose clock ran ahead
        state.Stamp(MemberKeys.Plan, 500); // a later write here, with a lower clock

        Assert.True(state.StampOf(MemberKeys.Plan) > 9_000);
    }

    private static MemberState Registered()
    {
        var state = new MemberState { Profile = Ana, Plan = PlanTier.Standard, Devices = [new Device("phone", DeviceKind.Phone, "Phone")] };
        state.Ratings["t-1"] = new TitleRating("t-1", Thumb.Up, At);
        foreach (var key in new[] { MemberKeys.Profile, MemberKeys.Plan, MemberKeys.Device("phone"), MemberKeys.Rating("t-1") }) state.Stamp(key, 100);
        state.CountWrite("us-east");
        return state;
    }

    /// <summary>Some writes a region might make from <paramref name="start"/>, stamped from a small range so stamps also tie.</summary>
    private static MemberState Mutated(MemberState start, Random random)
    {
        var state = Copy(start);
        var region = random.Next(3) switch { 0 => "us-east", 1 => "us-west", _ => "eu-west" };
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            var stamp = random.Next(100, 130);
            var title = $"t-{random.Next(4)}";
            switch (random.Next(7))
            {
                case 0:
                    state.Plan = (PlanTier)random.Next(3);
                    state.Stamp(MemberKeys.Plan, stamp);
                    break;
                case 1:
                    state.ResumePoints[title] = new ResumePoint(title, TimeSpan.FromSeconds(random.Next(1000)), At);
                    state.Stamp(MemberKeys.Resume(title), stamp);
                    break;
                case 2:
                    state.Ratings[title] = new TitleRating(title, random.Next(2) == 0 ? Thumb.Up : Thumb.Down, At);
                    state.Stamp(MemberKeys.Rating(title), stamp);
                    break;
                case 3:
                    state.Ratings.Remove(title);
                    state.Stamp(MemberKeys.Rating(title), stamp);
                    break;
                case 4:
                    var device = $"d-{random.Next(3)}";
                    state.Devices.RemoveAll(d => d.DeviceId == device);
                    if (random.Next(2) == 0) state.Devices.Add(new Device(device, DeviceKind.Tv, $"TV {random.Next(100)}"));
                    state.Stamp(MemberKeys.Device(device), stamp);
                    break;
                case 5:
                    state.History = MemberStateMerge.Newest(state.History.Append(new ViewingEvent(title, At.AddSeconds(random.Next(100)), TimeSpan.Zero)));
                    break;
                default:
                    state.Profile = Ana with { Name = $"Ana {random.Next(100)}" };
                    state.Stamp(MemberKeys.Profile, stamp);
                    break;
            }
            state.CountWrite(region);
        }
        return MemberStateMerge.Canonical(state);
    }

    private static MemberState Copy(MemberState state) => JsonSerializer.Deserialize<MemberState>(Json(state))!;

    private static string Json(MemberState state) => JsonSerializer.Serialize(state);
}
