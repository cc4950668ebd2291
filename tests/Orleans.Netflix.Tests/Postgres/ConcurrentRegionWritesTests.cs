using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>
/// Two regions writing the same members at the same moment, on PostgreSQL with three regions: every region ends with
/// the same members, and every acknowledged write is in them, or replaced by a later write to the same field or entry.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentRegionWritesTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private static readonly MemberProfile Ana = new("Ana Lima", "BR", "pt-BR", MaturityRating.Age16);
    private static readonly DateTimeOffset Watched = DateTimeOffset.Parse("2026-12-06T10:00:00Z");
    private static readonly string[] Writers = ["us-east", "us-west"];
    private const int Members = 16;
    private const int WritesPerMember = 72; // per region: 16 × 72 = 1,152 writes

    [Fact]
    public async Task TwoRegionsWritingTheSameMembersAtOnce_EndTheSameEverywhere_WithEveryAcknowledgedWrite()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "conc");
        await regions.StartAllAsync();
        var ids = Enumerable.Range(0, Members).Select(i => $"m-conc-{i}").ToArray();
        await Task.WhenAll(ids.Select(id => regions["us-east"].Client.GetGrain<IMemberGrain>(id)
            .Register(Ana, PlanTier.Standard, [new Device("phone", DeviceKind.Phone, "Phone")])));

        var clock = Stopwatch.StartNew();
        var written = (await Task.WhenAll(Writers.SelectMany(region => ids.Select(id =>
            WriteAsync(regions[region].Client.GetGrain<IMemberGrain>(id), region, id))))).SelectMany(w => w).ToList();
        var writing = clock.Elapsed;

        foreach (var region in Writers) Assert.True(written.Count(w => w.Region == region && w.Acknowledged) >= 1000, $"{region}: too few writes acknowledged");
        // Same rows everywhere: jsonb text is canonical, so equal states print equal.
        await Eventually.TrueAsync(async () => (await Task.WhenAll(regions.ConnectionStrings.Values.Select(RowsAsync))).Distinct().Count() == 1, seconds: 120);
        var converged = clock.Elapsed - writing;
        var views = new Dictionary<string, MemberView>();
        foreach (var id in ids)
        {
            // Every region serves the same member (an activation that held an older state is dropped and reads the merge).
            await Eventually.TrueAsync(async () => (await Task.WhenAll(regions.Running.Select(r => regions[r].Client.GetGrain<IMemberGrain>(id).Get())))
                .Select(v => JsonSerializer.Serialize(v)).Distinct().Count() == 1, seconds: 60);
            views[id] = (await regions["eu-west"].Client.GetGrain<IMemberGrain>(id).Get())!;
        }

        foreach (var group in written.GroupBy(w => (w.MemberId, w.Entry)))
        {
            var final = ValueOf(views[group.Key.MemberId], group.Key.Entry);
            if (group.Key.Entry.StartsWith("history:", StringComparison.Ordinal))
            {
                foreach (var viewing in group.Where(w => w.Acknowledged)) Assert.Equal(viewing.Value, final);
                continue;
            }
            // The entry holds a region's last acknowledged write to it (or a write that region attempted after it):
            // anything earlier was replaced by a later write of its own region, and the other region's by the merge's later stamp.
            var candidates = group.GroupBy(w => w.Region).SelectMany(byRegion =>
            {
                var ordered = byRegion.OrderBy(w => w.Sequence).ToList();
                var lastAcknowledged = ordered.FindLastIndex(w => w.Acknowledged);
                return ordered.Skip(Math.Max(lastAcknowledged, 0)).Select(w => w.Value);
            }).ToHashSet();
            Assert.True(candidates.Contains(final), $"{group.Key.MemberId} {group.Key.Entry} holds {final ?? "nothing"}, no write's last value ({string.Join(", ", candidates)})");
        }
        foreach (var (id, view) in views)
        {
            var writes = written.Where(w => w.MemberId == id).ToList();
            Assert.InRange(view.Version, 1 + writes.Count(w => w.Acknowledged), 1 + writes.Count);
        }

        var acknowledged = written.Count(w => w.Acknowledged);
        output.WriteLine($"{acknowledged} of {written.Count} writes acknowledged in {writing.TotalSeconds:0.0} s ({acknowledged / writing.TotalSeconds:0} writes/s, two regions); "
                         + $"three regions identical {converged.TotalSeconds:0.0} s after the last answer");
    }

    /// <summary>
    /// One region's writes to one member, one after another, touching its own entries (resume points, ratings, devices,
    /// viewings) and entries the other region writes too (a shared resume point and rating, plan, profile).
    /// </summary>
    private static async Task<List<Written>> WriteAsync(IMemberGrain member, string region, string memberId)
    {
        var written = new List<Written>();
        var mark = Array.IndexOf(Writers, region) * 100_000;
        for (var k = 0; k < WritesPerMember; k++)
        {
            var round = k / 6;
            var unique = mark + k;
            (string Entry, string? Value, Func<Task> Write) write = (k % 6) switch
            {
                0 => ($"resume:t-{region}-{round % 4}", Ms(unique), () => member.SetResumePoint($"t-{region}-{round % 4}", TimeSpan.FromMilliseconds(unique))),
                1 => ("resume:t-shared", Ms(unique), () => member.SetResumePoint("t-shared", TimeSpan.FromMilliseconds(unique))),
                2 when round % 2 == 0 => ($"rating:t-{region}-{round % 3}", $"{(Thumb)(1 + round % 2 + k % 2)}", () => member.Rate($"t-{region}-{round % 3}", (Thumb)(1 + round % 2 + k % 2))),
                2 => ("rating:t-shared", $"{(Thumb)(1 + (unique / 6) % 2)}", () => member.Rate("t-shared", (Thumb)(1 + (unique / 6) % 2))),
                3 when round % 2 == 0 => ("plan", $"{(PlanTier)(round % 3)}", () => member.ChangePlan((PlanTier)(round % 3))),
                3 => ("profile", $"{region} {k}", () => member.UpdateProfile(Ana with { Name = $"{region} {k}" })),
                4 when round % 3 == 2 => ($"device:{region}-d0", null, () => member.RemoveDevice($"{region}-d0")),
                4 => ($"device:{region}-d{round % 3}", $"{region} {k}", () => member.AddDevice(new Device($"{region}-d{round % 3}", DeviceKind.Tv, $"{region} {k}"))),
                _ => ($"history:{region}-{k}", $"{region}-{k}", () => member.RecordViewing(new ViewingEvent($"t-{region}", Watched.AddMilliseconds(unique), TimeSpan.FromSeconds(k)))),
            };
            bool acknowledged;
            try
            {
                await write.Write();
                acknowledged = true;
            }
            catch (Exception)
            {
                acknowledged = false; // not acknowledged (e.g. a copy that timed out on a loaded machine): it may or may not be there
            }
            written.Add(new Written(region, memberId, k, write.Entry, write.Value, acknowledged));
        }
        return written;
    }

    /// <summary>What the member holds for an entry, in the form <see cref="WriteAsync"/> records values.</summary>
    private static string? ValueOf(MemberView view, string entry)
    {
        var colon = entry.IndexOf(':');
        var (kind, key) = colon < 0 ? (entry, "") : (entry[..colon], entry[(colon + 1)..]);
        return kind switch
        {
            "resume" => view.ResumePoints.SingleOrDefault(r => r.TitleId == key) is { } r ? Ms((int)r.Position.TotalMilliseconds) : null,
            "rating" => view.Ratings.SingleOrDefault(r => r.TitleId == key)?.Thumb.ToString(),
            "plan" => view.Plan.ToString(),
            "profile" => view.Profile.Name,
            "device" => view.Devices.SingleOrDefault(d => d.DeviceId == key)?.Name,
            "history" => view.History.Any(h => h.WatchedAt == Watched.AddMilliseconds(Mark(key)) && h.TitleId == $"t-{key[..key.LastIndexOf('-')]}") ? key : null,
            _ => throw new ArgumentException($"unknown entry {entry}"),
        };
    }

    private static int Mark(string historyKey)
    {
        var dash = historyKey.LastIndexOf('-');
        return Array.IndexOf(Writers, historyKey[..dash]) * 100_000 + int.Parse(historyKey[(dash + 1)..]);
    }

    private static string Ms(int milliseconds) => $"{milliseconds} ms";

    /// <summary>Every test member's row in one region's database, as text.</summary>
    private static async Task<string> RowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(grain_id || '=' || md5(payload::text), ' ' ORDER BY grain_id)
            FROM netflix_replicated_state WHERE state_name = 'member' AND grain_id LIKE '%m-conc-%'
            """, connection);
        return (await command.ExecuteScalarAsync()) as string ?? "";
    }

    private sealed record Written(string Region, string MemberId, int Sequence, string Entry, string? Value, bool Acknowledged);
}
