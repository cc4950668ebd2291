using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>A row of the home screen before artwork is chosen.</summary>
public sealed record PlannedRow(BrowseRowKind Kind, string Title, IReadOnlyList<PlannedItem> Items);

public readonly record struct PlannedItem(string TitleId, double Score, TimeSpan? ResumeAt = null);
