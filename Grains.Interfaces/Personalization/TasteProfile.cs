namespace Orleans.Netflix.Personalization;

/// <summary>
/// A member's tastes as seen from their viewing history: for each genre and each cast member, the share of the titles
/// they played that has it (0 to 1). The context that artwork is personalized on.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.TasteProfile")]
public sealed record TasteProfile(
    [property: Id(0)] Dictionary<string, double> Genres,
    [property: Id(1)] Dictionary<string, double> Cast)
{
    public static readonly TasteProfile Empty = new([], []);
}
