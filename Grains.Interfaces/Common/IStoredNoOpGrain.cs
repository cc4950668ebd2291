namespace Orleans.Netflix.Common;

/// <summary>
/// A grain that only reads its state when activated and writes it when called: the least a grain that
/// persists per call costs, against which a real call's own work can be told apart.
/// </summary>
[Alias("netflix.IStoredNoOpGrain")]
public interface IStoredNoOpGrain : INetflixGrain
{
    [Alias("Store")]
    Task Store();
}
