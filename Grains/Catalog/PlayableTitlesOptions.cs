namespace Orleans.Netflix.Grains.Catalog;

/// <summary>The silo's copy of playable titles (configuration section "Netflix:Catalog:PlayableTitles").</summary>
public sealed class PlayableTitlesOptions
{
    public const string Section = "Netflix:Catalog:PlayableTitles";

    /// <summary>
    /// How long a playable title and its media, once read, answer plays on this silo before they are read again: a
    /// re-rating, a new publish or a withdrawal reaches plays this much later. Zero reads them on every play.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(2);
}
