using System.Reflection;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.EdgeServer.Origin;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>The edge's copy of the grain index, over a stand-in grain that counts its calls.</summary>
public sealed class AssetIndexTests
{
    [Fact]
    public async Task Concurrent_misses_for_one_title_make_one_grain_call_and_share_its_answer()
    {
        var grain = new CountingAssets();
        var index = NewIndex(grain);
        var announced = 0;
        index.Indexed += _ => Interlocked.Increment(ref announced);

        var lookups = Enumerable.Range(0, 20).Select(_ => index.GetAsync("t-1")).ToArray();
        Assert.DoesNotContain(lookups, l => l.IsCompleted);
        grain.Release();
        var answers = await Task.WhenAll(lookups);

        Assert.Equal(1, grain.Calls);
        Assert.All(answers, a => Assert.Same(answers[0], a));
        Assert.Equal("titles/t-1/job-1/seg-00000.m4s", Assert.Single(answers[0]!.Files).Key);
        Assert.Same(answers[0], await index.GetAsync("t-1")); // still cached: no second call
        Assert.Equal(1, grain.Calls);
        Assert.Equal(1, announced);
        Assert.Equal(["t-1"], index.Known.Select(t => t.TitleId));
    }

    [Fact]
    public async Task A_title_with_nothing_published_is_remembered_as_missing()
    {
        var grain = new CountingAssets(published: false);
        grain.Release();
        var index = NewIndex(grain);

        Assert.Null(await index.GetAsync("t-none"));
        Assert.Null(await index.GetAsync("t-none"));
        Assert.Equal(1, grain.Calls);
        Assert.Empty(index.Known);
    }

    private static AssetIndex NewIndex(CountingAssets grain)
    {
        var services = new ServiceCollection();
        services.AddHybridCache();
        var cache = services.BuildServiceProvider().GetRequiredService<HybridCache>();
        return new AssetIndex(cache, GrainsProxy.For(grain), Options.Create(new EdgeOptions()));
    }

    /// <summary>An <see cref="ITitleAssetsGrain"/> whose answers wait for <see cref="Release"/>.</summary>
    private sealed class CountingAssets(bool published = true)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Release() => _gate.SetResult();

        public async Task<TitleAssets?> Get(string titleId)
        {
            Interlocked.Increment(ref _calls);
            await _gate.Task;
            return published
                ? new TitleAssets(titleId, "job-1", $"titles/{titleId}/job-1/master.m3u8", [], [], [],
                    [new AssetFile($"titles/{titleId}/job-1/seg-00000.m4s", 100, 4, new string('a', 64))], DateTimeOffset.UtcNow)
                : null;
        }
    }

    /// <summary>A grain factory that hands out one stand-in title-assets grain per key; every other call fails the test.</summary>
    private class GrainsProxy : DispatchProxy
    {
        private CountingAssets _assets = null!;
        private string _key = "";

        public static IGrainFactory For(CountingAssets assets)
        {
            var factory = Create<IGrainFactory, GrainsProxy>();
            ((GrainsProxy)(object)factory)._assets = assets;
            return factory;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IGrainFactory.GetGrain) && targetMethod.ReturnType == typeof(ITitleAssetsGrain))
            {
                var grain = Create<ITitleAssetsGrain, GrainsProxy>();
                var proxy = (GrainsProxy)(object)grain;
                (proxy._assets, proxy._key) = (_assets, (string)args![0]!);
                return grain;
            }
            if (targetMethod?.Name == nameof(ITitleAssetsGrain.Get)) return _assets.Get(_key);
            throw new NotSupportedException($"the stand-in grains do not answer {targetMethod?.Name}");
        }
    }
}
