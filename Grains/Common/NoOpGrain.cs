using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Common;

[GrainType("noop")]
public sealed class NoOpGrain : Grain, INoOpGrain
{
    public Task Ping() => Task.CompletedTask;
}
