using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Members;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Client.Seeding;

/// <summary>
/// A made-up viewing history for seeded members, the same for the same seed: each member has two favourite genres
/// (one of them often their country's favourite), and each play is a title from a favourite genre (picked by
/// popularity^0.5, so less-known titles get watched too) or, one play in four, from the whole catalog by popularity.
/// Nothing above the member's maturity limit. The plays come as member history and as play-start events for the
/// analytics log, which is what the recommendation model trains on.
/// </summary>
/// <param name="regions">Where members live by country; the client's configured regions (<see cref="ClientConfiguration.Regions"/>) when null.</param>
public sealed class ViewingGenerator(int seed, RegionDirectory? regions = null)
{
    private readonly RegionDirectory _regions = regions ?? ClientConfiguration.Regions;
    private const double CatalogShare = 0.25;
    private const double CountryLeanShare = 0.6;
    private static readonly TimeSpan HistorySpan = TimeSpan.FromDays(60);

    public sealed record Output(MemberViewings[] Viewings, AnalyticsEvent[] PlayStarts);

    public Output Generate(IReadOnlyList<TitleRecord> titles, IReadOnlyList<MemberRecord> members, int playsPerMember, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(playsPerMember);
        var random = new Random(unchecked(seed * 17 + 3));
        var genres = titles.SelectMany(t => t.Metadata.Genres).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var byGenre = genres.ToDictionary(g => g, g => new WeightedTitles(titles.Where(t => t.Metadata.Genres.Contains(g)), 0.5), StringComparer.Ordinal);
        var overall = new WeightedTitles(titles, 1.0);
        var countryLean = new Dictionary<string, string>(StringComparer.Ordinal);

        var viewings = new List<MemberViewings>(members.Count);
        var events = new List<AnalyticsEvent>(members.Count * playsPerMember);
        foreach (var member in members)
        {
            if (genres.Length == 0 || playsPerMember == 0) break;
            var country = member.Profile.Country;
            if (!countryLean.TryGetValue(country, out var lean)) countryLean[country] = lean = genres[random.Next(genres.Length)];
            var first = random.NextDouble() < CountryLeanShare ? lean : genres[random.Next(genres.Length)];
            var favourites = new[] { first, genres[random.Next(genres.Length)] };
            var region = _regions.HomeOf(country);
            var plays = Math.Max(1, playsPerMember / 2 + random.Next(playsPerMember + 1));
            var history = new List<ViewingEvent>(plays);
            var at = now - HistorySpan;
            // Gaps of 0.5 to 1.5 steps: with a step of the span over 1.5 x plays, even the longest gaps end before now,
            // so no seeded viewing lies in the future (the newest viewing is what "Because You Watched" is about).
            var step = HistorySpan / (1.5 * plays + 1);
            for (var p = 0; p < plays; p++)
            {
                var source = random.NextDouble() < CatalogShare ? overall : byGenre[favourites[random.Next(favourites.Length)]];
                var title = source.Draw(random, t => t.Metadata.Maturity <= member.Profile.MaturityLimit);
                if (title is null) continue;
                at += step * (0.5 + random.NextDouble());
                history.Add(new ViewingEvent(title.TitleId, at, title.Metadata.Runtime));
                events.Add(new AnalyticsEvent(DeterministicId(random), AnalyticsEventKind.PlayStart, at, region, member.MemberId, title.TitleId,
                    SessionId: $"seed-{member.MemberId}-{p}", Position: TimeSpan.Zero));
            }
            viewings.Add(new MemberViewings(member.MemberId, [.. history]));
        }
        return new Output([.. viewings], [.. events]);
    }

    /// <summary>Event ids from the seeded generator, so seeding twice stores each play once.</summary>
    private static Guid DeterministicId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>Titles with cumulative weights popularity^exponent, drawn by binary search.</summary>
    private sealed class WeightedTitles
    {
        private readonly TitleRecord[] _titles;
        private readonly double[] _cumulative;

        public WeightedTitles(IEnumerable<TitleRecord> titles, double exponent)
        {
            _titles = [.. titles];
            _cumulative = new double[_titles.Length];
            var sum = 0.0;
            for (var i = 0; i < _titles.Length; i++) _cumulative[i] = sum += Math.Pow(Math.Max(_titles[i].Popularity, 1e-9), exponent);
        }

        /// <summary>A title the filter accepts, or null after a few refusals (a genre all above the member's limit).</summary>
        public TitleRecord? Draw(Random random, Func<TitleRecord, bool> accept)
        {
            if (_titles.Length == 0) return null;
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
                var title = _titles[index < 0 ? Math.Min(~index, _titles.Length - 1) : index];
                if (accept(title)) return title;
            }
            return null;
        }
    }
}
