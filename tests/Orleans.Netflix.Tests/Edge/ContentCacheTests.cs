using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Netflix.EdgeServer.Cache;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>The edge's on-disk object cache, over a real temp folder per test.</summary>
public sealed class ContentCacheTests : IDisposable
{
    private const int Size = 1000;
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"netflix-cache-{Guid.NewGuid():N}");
    private readonly Dictionary<CacheKey, int> _originCalls = [];

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Miss_fetches_once_and_stores_then_a_hit_serves_without_the_origin()
    {
        using var cache = await NewCacheAsync(10 * Size);
        var (key, bytes) = Blob(1);

        await using (var miss = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None))
        {
            Assert.False(miss.FromCache);
            Assert.True(miss.OpenedStream.CanSeek);
            Assert.Equal(bytes, await ReadAllAsync(miss));
        }
        Assert.True(cache.Contains(key));
        Assert.True(File.Exists(Path.Combine(_root, key.Sha256[..2], key.Sha256)));

        await using (var hit = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None))
        {
            Assert.True(hit.FromCache);
            Assert.Equal(bytes, await ReadAllAsync(hit));
        }
        Assert.Equal(1, Calls(key));
        Assert.Equal(new CacheStats(1, 1, Size, Size, 0, Size, 1, 10 * Size) { OriginFetches = 1 }, cache.Stats);
    }

    [Fact]
    public async Task Fifty_concurrent_gets_of_one_key_call_the_origin_once()
    {
        using var cache = await NewCacheAsync(10 * Size);
        var (key, bytes) = Blob(2);
        var origin = new GatedOrigin(() => new MemoryStream(bytes));

        var gets = Enumerable.Range(0, 50).Select(_ => cache.GetOrFetchAsync(key, origin.FetchAsync, CancellationToken.None)).ToArray();
        Assert.DoesNotContain(gets, g => g.IsCompleted);
        origin.Release();
        var objects = await Task.WhenAll(gets);

        foreach (var obj in objects)
        {
            await using (obj) Assert.Equal(bytes, await ReadAllAsync(obj));
        }
        Assert.Equal(1, origin.Calls);
        Assert.Equal(50, objects.Select(o => o.OpenedStream).Distinct().Count());
        Assert.Equal((50L, 1L), (cache.Stats.Misses, cache.Stats.OriginFetches));
        Assert.True(cache.Contains(key));
    }

    [Theory]
    [InlineData("flipped byte")]
    [InlineData("truncated")]
    [InlineData("one byte too many")]
    public async Task Corrupt_origin_bytes_throw_store_nothing_and_a_later_good_fetch_works(string damage)
    {
        using var cache = await NewCacheAsync(10 * Size);
        var (key, bytes) = Blob(3);
        var bad = damage switch
        {
            "flipped byte" => bytes.Select((b, i) => i == 500 ? (byte)~b : b).ToArray(),
            "truncated" => bytes[..^1],
            _ => [.. bytes, 0],
        };

        var error = await Assert.ThrowsAsync<CorruptObjectException>(() => cache.GetOrFetchAsync(key, Origin(key, bad), CancellationToken.None));
        Assert.Contains(key.Sha256, error.Message);
        Assert.Contains($"expected {Size} bytes", error.Message);
        Assert.Empty(FilesOnDisk());
        Assert.False(cache.Contains(key));
        Assert.Equal(0L, cache.Stats.StoredBytes);

        await using var good = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None);
        Assert.False(good.FromCache);
        Assert.Equal(bytes, await ReadAllAsync(good));
        Assert.Equal(2, Calls(key));
        Assert.Single(FilesOnDisk());
    }

    [Fact]
    public async Task An_origin_exception_propagates_unchanged_leaves_nothing_and_the_next_call_fetches_again()
    {
        using var cache = await NewCacheAsync(10 * Size);
        var (key, bytes) = Blob(4);
        var failure = new HttpRequestException("origin said 503");

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => cache.GetOrFetchAsync(key, _ => throw failure, CancellationToken.None));
        Assert.Same(failure, thrown);
        // A stream that breaks half way leaves nothing either.
        await Assert.ThrowsAsync<IOException>(() => cache.GetOrFetchAsync(key, _ => Task.FromResult<Stream>(new BreakingStream(bytes[..300])), CancellationToken.None));
        Assert.Empty(FilesOnDisk());
        Assert.False(cache.Contains(key));

        await using var good = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None);
        Assert.False(good.FromCache);
        Assert.Equal(bytes, await ReadAllAsync(good));
        Assert.Equal(1, Calls(key));
    }

    [Fact]
    public async Task A_failed_shared_fetch_reaches_every_waiter_and_the_next_call_starts_a_fresh_one()
    {
        using var cache = await NewCacheAsync(10 * Size);
        var (key, bytes) = Blob(5);
        var origin = new GatedOrigin(() => throw new TimeoutException("origin too slow"));

        var gets = Enumerable.Range(0, 5).Select(_ => cache.GetOrFetchAsync(key, origin.FetchAsync, CancellationToken.None)).ToArray();
        origin.Release();
        foreach (var get in gets) await Assert.ThrowsAsync<TimeoutException>(() => get);
        Assert.Equal(1, origin.Calls);

        await using var good = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None);
        Assert.Equal(bytes, await ReadAllAsync(good));
        Assert.Equal(1, Calls(key));
    }

    [Fact]
    public async Task Capacity_is_never_exceeded_under_concurrent_load()
    {
        const long capacity = 5 * Size;
        using var cache = await NewCacheAsync(capacity);
        var blobs = Enumerable.Range(100, 30).Select(seed => Blob(seed, 500 + seed * 7 % 1000)).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 40; i++)
            {
                var (key, bytes) = blobs[random.Next(blobs.Length)];
                await using var obj = await cache.GetOrFetchAsync(key, _ => Task.FromResult<Stream>(new MemoryStream(bytes)), CancellationToken.None);
                Assert.Equal(bytes, await ReadAllAsync(obj));
                Assert.InRange(cache.Stats.StoredBytes, 0, capacity);
            }
        })));

        var stats = cache.Stats;
        var files = FilesOnDisk();
        Assert.InRange(stats.StoredBytes, 0, capacity);
        Assert.Equal(stats.StoredBytes, files.Sum(f => new FileInfo(f).Length));
        Assert.Equal(stats.StoredObjects, files.Length);
        Assert.True(stats.Evictions > 0);
        Assert.Equal(320L, stats.Hits + stats.Misses);
    }

    [Fact]
    public async Task Lru_evicts_the_least_recently_used_object()
    {
        using var cache = await NewCacheAsync(3 * Size, "lru");
        var (a, b, c, d) = (Blob(11), Blob(12), Blob(13), Blob(14));
        foreach (var (key, bytes) in new[] { a, b, c, a, d }) await GetAsync(cache, key, bytes);

        Assert.Equal(new[] { a.Key, c.Key, d.Key }.OrderBy(Name), cache.Keys.OrderBy(Name));
        Assert.False(File.Exists(Path.Combine(_root, b.Key.Sha256[..2], b.Key.Sha256)));
        Assert.Equal(1L, cache.Stats.Evictions);
    }

    [Fact]
    public async Task Gdsf_keeps_a_popular_object_through_a_scan_that_flushes_it_from_lru()
    {
        var hot = Blob(20);
        var scan = Enumerable.Range(21, 8).Select(seed => Blob(seed)).ToArray();

        async Task<ContentCache> Run(string policy)
        {
            var cache = await NewCacheAsync(4 * Size, policy, Path.Combine(_root, policy));
            for (var i = 0; i < 5; i++) await GetAsync(cache, hot.Key, hot.Bytes);
            foreach (var (key, bytes) in scan) await GetAsync(cache, key, bytes);
            Assert.InRange(cache.Stats.StoredBytes, 0, 4 * Size);
            return cache;
        }

        using var lru = await Run("lru");
        using var gdsf = await Run("gdsf");
        Assert.False(lru.Contains(hot.Key));
        Assert.True(gdsf.Contains(hot.Key));
        // Both keep the newest of the scan.
        Assert.True(lru.Contains(scan[^1].Key) && gdsf.Contains(scan[^1].Key));
    }

    [Fact]
    public async Task Pinned_objects_survive_while_unpinned_ones_are_evicted()
    {
        using var cache = await NewCacheAsync(3 * Size, "lru");
        var (p1, p2) = (Blob(30), Blob(31));
        await GetAsync(cache, p1.Key, p1.Bytes);
        await GetAsync(cache, p2.Key, p2.Bytes);
        cache.SetPinned([p1.Key, p2.Key]);

        var others = Enumerable.Range(32, 6).Select(seed => Blob(seed)).ToArray();
        foreach (var (key, bytes) in others) await GetAsync(cache, key, bytes);

        Assert.Equal(new[] { p1.Key, p2.Key, others[^1].Key }.OrderBy(Name), cache.Keys.OrderBy(Name));
        Assert.Equal(5L, cache.Stats.Evictions);

        // With nothing unpinned left, a pinned object does make room.
        cache.SetPinned([p1.Key, p2.Key, others[^1].Key]);
        var last = Blob(40);
        await GetAsync(cache, last.Key, last.Bytes);
        Assert.True(cache.Contains(last.Key));
        Assert.Equal(3, cache.Keys.Count);

        // Unpinned again, they are ordinary objects.
        cache.SetPinned([]);
        foreach (var (key, bytes) in new[] { Blob(41), Blob(42), Blob(43) }) await GetAsync(cache, key, bytes);
        Assert.False(cache.Contains(p2.Key));
    }

    [Fact]
    public async Task An_object_bigger_than_the_capacity_is_served_but_not_stored()
    {
        using var cache = await NewCacheAsync(2 * Size);
        var (key, bytes) = Blob(50, 5 * Size);

        await using (var obj = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None))
        {
            Assert.False(obj.FromCache);
            Assert.Equal(bytes, await ReadAllAsync(obj));
            Assert.False(cache.Contains(key));
            Assert.Equal(0L, cache.Stats.StoredBytes);
        }
        Assert.Empty(FilesOnDisk());

        await using (var again = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None))
        {
            Assert.False(again.FromCache);
        }
        Assert.Equal(2, Calls(key));
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_restarted_cache_serves_stored_objects_drops_partials_and_refetches_a_file_corrupted_on_disk()
    {
        var (a, b, c) = (Blob(60), Blob(61), Blob(62));
        using (var first = await NewCacheAsync(10 * Size))
        {
            foreach (var (key, bytes) in new[] { a, b, c }) await GetAsync(first, key, bytes);
        }
        var partial = Path.Combine(_root, a.Key.Sha256[..2], $"{a.Key.Sha256}.0123abcd.partial");
        await File.WriteAllBytesAsync(partial, a.Bytes[..100]);
        var corrupted = Path.Combine(_root, c.Key.Sha256[..2], c.Key.Sha256);
        var damaged = c.Bytes.ToArray();
        damaged[10] ^= 0xff;
        await File.WriteAllBytesAsync(corrupted, damaged);
        _originCalls.Clear();

        using var second = await NewCacheAsync(10 * Size);

        Assert.False(File.Exists(partial));
        Assert.Equal(new[] { a.Key, b.Key, c.Key }.OrderBy(Name), second.Keys.OrderBy(Name));
        await using (var hit = await second.GetOrFetchAsync(a.Key, Origin(a.Key, a.Bytes), CancellationToken.None))
        {
            Assert.True(hit.FromCache);
            Assert.Equal(a.Bytes, await ReadAllAsync(hit));
        }
        await using (var refetched = await second.GetOrFetchAsync(c.Key, Origin(c.Key, c.Bytes), CancellationToken.None))
        {
            Assert.False(refetched.FromCache);
            Assert.Equal(c.Bytes, await ReadAllAsync(refetched));
        }
        Assert.Equal(c.Bytes, await File.ReadAllBytesAsync(corrupted));
        Assert.Equal((0, 1), (Calls(a.Key), Calls(c.Key)));
        Assert.Equal(3L * Size, second.Stats.StoredBytes);
    }

    [Fact]
    public async Task A_file_torn_on_disk_is_refetched_and_counted_once()
    {
        var (key, bytes) = Blob(65);
        using (var first = await NewCacheAsync(10 * Size)) await GetAsync(first, key, bytes);
        await File.WriteAllBytesAsync(Path.Combine(_root, key.Sha256[..2], key.Sha256), bytes[..400]);

        using var second = await NewCacheAsync(10 * Size);
        await using (var obj = await second.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None))
        {
            Assert.False(obj.FromCache);
            Assert.Equal(bytes, await ReadAllAsync(obj));
        }

        Assert.Equal([key], second.Keys);
        Assert.Equal((long)Size, second.Stats.StoredBytes);
        Assert.Single(FilesOnDisk());
    }

    [Fact]
    public async Task A_restart_with_a_smaller_capacity_evicts_down_to_it()
    {
        using (var first = await NewCacheAsync(10 * Size))
        {
            foreach (var seed in Enumerable.Range(70, 6)) await GetAsync(first, Blob(seed).Key, Blob(seed).Bytes);
        }

        using var second = await NewCacheAsync(4 * Size);

        Assert.Equal(4L * Size, second.Stats.StoredBytes);
        Assert.Equal(4, FilesOnDisk().Length);
    }

    [Fact]
    public async Task A_stream_opened_before_its_object_is_evicted_still_reads_all_its_bytes()
    {
        using var cache = await NewCacheAsync(Size);
        var (a, b) = (Blob(80), Blob(81));

        await using var reader = await cache.GetOrFetchAsync(a.Key, Origin(a.Key, a.Bytes), CancellationToken.None);
        var head = new byte[10];
        await reader.OpenedStream.ReadExactlyAsync(head);
        await GetAsync(cache, b.Key, b.Bytes);

        Assert.False(cache.Contains(a.Key));
        Assert.False(File.Exists(Path.Combine(_root, a.Key.Sha256[..2], a.Key.Sha256)));
        reader.OpenedStream.Position = 0;
        Assert.Equal(a.Bytes, await ReadAllAsync(reader));
    }

    [Fact]
    public async Task A_file_deleted_behind_the_caches_back_is_a_miss()
    {
        using var cache = await NewCacheAsync(10 * Size);
        var (key, bytes) = Blob(85);
        await GetAsync(cache, key, bytes);
        File.Delete(Path.Combine(_root, key.Sha256[..2], key.Sha256));

        await using var obj = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None);

        Assert.False(obj.FromCache);
        Assert.Equal(bytes, await ReadAllAsync(obj));
        Assert.Equal(2, Calls(key));
        Assert.Equal((long)Size, cache.Stats.StoredBytes);
    }

    [Fact]
    public async Task One_waiter_cancelling_does_not_fail_the_others()
    {
        using var cache = await NewCacheAsync(10 * Size);
        var (key, bytes) = Blob(90);
        var origin = new GatedOrigin(() => new MemoryStream(bytes));

        using var impatient = new CancellationTokenSource();
        var first = cache.GetOrFetchAsync(key, origin.FetchAsync, impatient.Token); // the one that started the fetch
        var others = Enumerable.Range(0, 3).Select(_ => cache.GetOrFetchAsync(key, origin.FetchAsync, CancellationToken.None)).ToArray();
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.DoesNotContain(others, o => o.IsCompleted);

        origin.Release();
        foreach (var obj in await Task.WhenAll(others))
        {
            await using (obj) Assert.Equal(bytes, await ReadAllAsync(obj));
        }
        Assert.Equal(1, origin.Calls);
        Assert.True(cache.Contains(key));
    }

    [Theory]
    [InlineData("abc", 1L)]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000", 1L)]
    [InlineData("../00000000000000000000000000000000000000000000000000000000000000", 1L)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", -1L)]
    public void CacheKey_rejects_bad_hashes_and_negative_sizes(string sha, long bytes)
    {
        Assert.Throws<ArgumentException>(() => CacheKey.Create(sha, bytes));
        Assert.False(CacheKey.TryCreate(sha, bytes, out _));
    }

    [Fact]
    public void CacheKey_normalises_uppercase_hex_and_compares_by_value()
    {
        var upper = CacheKey.Create(new string('A', 64), 5);
        Assert.Equal(new string('a', 64), upper.Sha256);
        Assert.Equal(CacheKey.Create(new string('a', 64), 5), upper);
        Assert.Throws<ArgumentException>(() => new CacheKey(new string('A', 64), 5));
    }

    [Fact]
    public void PolicyFor_knows_lru_and_gdsf_only()
    {
        Assert.IsType<LruPolicy>(ContentCache.PolicyFor("lru"));
        Assert.IsType<GdsfPolicy>(ContentCache.PolicyFor("gdsf"));
        Assert.Throws<ArgumentException>(() => ContentCache.PolicyFor("fifo"));
    }

    private async Task<ContentCache> NewCacheAsync(long capacity, string policy = "gdsf", string? root = null)
    {
        var cache = new ContentCache(
            new CacheOptions { Root = root ?? _root, CapacityBytes = capacity },
            ContentCache.PolicyFor(policy),
            NullLogger<ContentCache>.Instance);
        await cache.InitializeAsync(CancellationToken.None);
        return cache;
    }

    private static (CacheKey Key, byte[] Bytes) Blob(int seed, int size = Size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return (CacheKey.Create(Convert.ToHexStringLower(SHA256.HashData(bytes)), size), bytes);
    }

    private Func<CancellationToken, Task<Stream>> Origin(CacheKey key, byte[] bytes) => _ =>
    {
        lock (_originCalls) _originCalls[key] = _originCalls.GetValueOrDefault(key) + 1;
        return Task.FromResult<Stream>(new MemoryStream(bytes));
    };

    private int Calls(CacheKey key)
    {
        lock (_originCalls) return _originCalls.GetValueOrDefault(key);
    }

    private async Task GetAsync(ContentCache cache, CacheKey key, byte[] bytes)
    {
        await using var obj = await cache.GetOrFetchAsync(key, Origin(key, bytes), CancellationToken.None);
        Assert.Equal(bytes, await ReadAllAsync(obj));
    }

    private static async Task<byte[]> ReadAllAsync(CachedObject obj)
    {
        using var copy = new MemoryStream();
        await obj.OpenedStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string Name(CacheKey key) => key.Sha256;

    private string[] FilesOnDisk() =>
        Directory.Exists(_root) ? Directory.GetFiles(_root, "*", SearchOption.AllDirectories) : [];

    /// <summary>An origin response that dies after its first bytes, like a dropped connection.</summary>
    private sealed class BreakingStream(byte[] head) : MemoryStream(head)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var read = await base.ReadAsync(buffer, ct);
            return read > 0 ? read : throw new IOException("connection reset by origin");
        }
    }

    /// <summary>An origin whose answers wait until <see cref="Release"/>, counting how often it was asked.</summary>
    private sealed class GatedOrigin(Func<Stream> answer)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => _calls;

        public async Task<Stream> FetchAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await _gate.Task.WaitAsync(cancellationToken);
            return answer();
        }

        public void Release() => _gate.SetResult();
    }
}
