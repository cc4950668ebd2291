namespace Orleans.Netflix.Common;

/// <summary>A grain that does nothing: the baseline for measuring what a real call costs.</summary>
[Alias("netflix.INoOpGrain")]
public interface INoOpGrain : INetflixGrain
{
    [Alias("Ping")]
    Task Ping();
}
