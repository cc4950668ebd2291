using Orleans.Netflix.Grains.Personalization.Recommendations;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>One trained generation of the recommender: the model, the catalog it ranks, and what it was trained on.</summary>
public sealed record RecommendationModel(
    ItemItemModel Model,
    CatalogSnapshot Catalog,
    long Version,
    DateTimeOffset TrainedAt,
    long Plays,
    int Members,
    TimeSpan TrainingTime);
