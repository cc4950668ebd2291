using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Netflix.Analytics;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>
/// The analytics stream's pulling agents poll their queues on Netflix:Analytics:StreamPollEvery, not Orleans' 100 ms:
/// an idle silo would otherwise call its 8 queue grains 80 times a second.
/// </summary>
[Collection(AnalyticsClusterCollection.Name)]
public sealed class StreamPollingTests(AnalyticsClusterFixture fixture)
{
    [Fact]
    public void EverySilo_PollsTheEventQueues_AtTheConfiguredPeriod()
    {
        var periods = fixture.Cluster.Silos.OfType<InProcessSiloHandle>()
            .Select(s => s.SiloHost.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(AnalyticsStreams.Provider).GetQueueMsgsTimerPeriod)
            .ToList();

        Assert.Equal(2, periods.Count);
        Assert.All(periods, p => Assert.Equal(TimeSpan.Parse(AnalyticsClusterFixture.StreamPollEvery), p));
    }
}
