namespace Orleans.Netflix.Grains.Regions;

/// <summary>The region this silo's cluster serves, for grains that report or stamp it.</summary>
public sealed record SiloRegion(string Name);
