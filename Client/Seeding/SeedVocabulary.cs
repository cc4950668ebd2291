using Orleans.Netflix.Common;

namespace Orleans.Netflix.Client.Seeding;

/// <summary>Word lists the generated catalog and members are drawn from.</summary>
internal static class SeedVocabulary
{
    public static readonly string[] Genres =
    [
        "Action", "Adventure", "Animation", "Anime", "Comedy", "Crime", "Documentary", "Drama", "Family", "Fantasy",
        "Horror", "Kids", "Musical", "Mystery", "Reality", "Romance", "Sci-Fi", "Stand-Up Comedy", "Thriller", "War", "Western",
    ];

    /// <summary>Genres whose titles are rated for children.</summary>
    public static readonly HashSet<string> ChildrenGenres = ["Kids", "Family", "Animation"];

    public static readonly string[] Adjectives =
    [
        "Silent", "Broken", "Last", "Hidden", "Crimson", "Electric", "Frozen", "Golden", "Midnight", "Lost", "Wild", "Secret",
        "Burning", "Distant", "Hollow", "Iron", "Lucky", "Northern", "Painted", "Quiet", "Restless", "Savage", "Shattered",
        "Endless", "Velvet", "Wandering", "Bitter", "Brave", "Dark", "Emerald", "Fallen", "Forgotten", "Glass", "Neon",
    ];

    public static readonly string[] Nouns =
    [
        "Harbor", "Protocol", "Kingdom", "Signal", "Orchard", "Frontier", "Empire", "Garden", "Horizon", "Island", "Letters",
        "Machine", "Mountain", "Ocean", "Paradox", "River", "Shadows", "Station", "Summer", "Tides", "Valley", "Witness",
        "Detective", "Heist", "Legacy", "Chef", "Academy", "Circus", "Desert", "Dynasty", "Archive", "Republic", "Storm",
    ];

    public static readonly string[] Patterns = ["The {0} {1}", "{0} {1}", "{1} of the {0}", "A {0} {1}", "{1}"];

    public static readonly string[] Sequels = ["II", "III", "Returns", "Reborn", "Origins", "Legacy", "The Series", "Redux"];

    public static readonly string[] FirstNames =
    [
        "Ava", "Liam", "Maya", "Noah", "Sofia", "Lucas", "Amara", "Kenji", "Elena", "Mateo", "Priya", "Omar", "Chloe", "Jonas",
        "Aiko", "Diego", "Freya", "Hugo", "Ines", "Kwame", "Leila", "Marco", "Nadia", "Oscar", "Rosa", "Sven", "Tara", "Yusuf",
        "Zoe", "Rafael", "Hana", "Felix", "Amélie", "Björn", "Chiara", "Dev", "Ewa", "Ji-woo", "Thiago", "Ngozi",
    ];

    public static readonly string[] LastNames =
    [
        "Okafor", "Silva", "Tanaka", "Müller", "Garcia", "Nguyen", "Kowalski", "Rossi", "Haddad", "Johansson", "Kim", "Patel",
        "Dubois", "Moreau", "Novak", "Fernández", "Ito", "Schmidt", "Costa", "Ivanova", "Lindqvist", "Mensah", "O'Brien",
        "Park", "Reyes", "Santos", "Yilmaz", "Zhang", "Walsh", "Bauer", "Castillo", "Delgado", "Eriksen", "Farah",
    ];

    public static readonly string[] Moods = ["dark", "romantic", "funny", "tense", "heartwarming", "action", "mysterious", "epic"];

    public static readonly string[] SynopsisOpenings =
    [
        "When {0} uncovers a secret buried in {1}, nothing stays the same.",
        "{0} has one week to save {1} from ruin.",
        "An unlikely friendship between {0} and a stranger changes {1} forever.",
        "Years after leaving {1}, {0} returns to settle an old score.",
        "In {1}, {0} must choose between loyalty and the truth.",
    ];

    public static readonly (string Country, string Language, int Weight)[] Countries =
    [
        ("US", "en-US", 30), ("CA", "en-CA", 5), ("BR", "pt-BR", 10), ("MX", "es-MX", 7), ("GB", "en-GB", 8), ("DE", "de-DE", 7),
        ("FR", "fr-FR", 6), ("ES", "es-ES", 5), ("IN", "hi-IN", 6), ("JP", "ja-JP", 5), ("KR", "ko-KR", 4), ("AU", "en-AU", 3),
        ("IT", "it-IT", 2), ("NL", "nl-NL", 2),
    ];

    public static readonly (MaturityRating Rating, int Weight)[] TitleMaturity =
        [(MaturityRating.All, 10), (MaturityRating.Age7, 12), (MaturityRating.Age13, 28), (MaturityRating.Age16, 25), (MaturityRating.Age18, 25)];

    public static readonly (MaturityRating Rating, int Weight)[] MemberMaturity =
        [(MaturityRating.Age7, 8), (MaturityRating.Age13, 7), (MaturityRating.Age16, 10), (MaturityRating.Age18, 75)];
}
