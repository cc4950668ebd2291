namespace Orleans.Netflix.Common;

/// <summary>
/// Marker for every Orleans.Netflix grain: string-keyed, and its key is checked by
/// <c>GrainKeyValidationFilter</c> before any method body runs.
/// </summary>
public interface INetflixGrain : IGrainWithStringKey;
