using Orleans.Netflix.EdgeServer.Cache;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>The two eviction policies on their own, without disk.</summary>
public sealed class EvictionPolicyTests
{
    private static readonly HashSet<CacheKey> None = [];

    [Fact]
    public void Lru_names_the_least_recently_used_key_and_skips_protected_ones()
    {
        var lru = new LruPolicy();
        var (a, b, c) = (Key(1), Key(2), Key(3));
        lru.Added(a);
        lru.Added(b);
        lru.Added(c);
        lru.Accessed(a);

        Assert.Equal(b, lru.Victim(None));
        Assert.Equal(c, lru.Victim(Set(b)));
        lru.Removed(b);
        Assert.Equal(c, lru.Victim(None));
        Assert.Null(lru.Victim(Set(a, c)));
        Assert.Equal(2, lru.Count);
    }

    [Fact]
    public void Gdsf_prefers_to_evict_the_less_requested_key_over_the_older_one()
    {
        var gdsf = new GdsfPolicy();
        var (popular, oneOff) = (Key(1), Key(2));
        gdsf.Added(popular);
        gdsf.Accessed(popular);
        gdsf.Accessed(popular);
        gdsf.Added(oneOff);

        Assert.Equal(oneOff, gdsf.Victim(None));
        Assert.Equal(popular, gdsf.Victim(Set(oneOff)));
    }

    [Fact]
    public void Gdsf_clock_rises_on_eviction_so_unrequested_keys_age_out()
    {
        var gdsf = new GdsfPolicy();
        var (old, a, b) = (Key(1), Key(2), Key(3));
        gdsf.Added(old);
        gdsf.Accessed(old); // H = 0 + 2
        gdsf.Added(a); // H = 0 + 1

        var victim = gdsf.Victim(None)!;
        gdsf.Removed(victim);
        Assert.Equal(a, victim);
        Assert.Equal(1, gdsf.Clock);

        gdsf.Added(b); // H = 1 + 1, ties with old; old is older, so it goes first
        Assert.Equal(old, gdsf.Victim(None));
        gdsf.Removed(old);
        Assert.Equal(2, gdsf.Clock);
        Assert.Equal(2L, gdsf.PriorityOf(b));
    }

    [Fact]
    public void Gdsf_clock_does_not_move_when_a_key_is_removed_without_being_the_victim()
    {
        var gdsf = new GdsfPolicy();
        var (a, b) = (Key(1), Key(2));
        gdsf.Added(a);
        gdsf.Added(b);
        gdsf.Accessed(b);

        gdsf.Removed(b);

        Assert.Equal(0, gdsf.Clock);
        Assert.Equal(a, gdsf.Victim(None));
    }

    [Fact]
    public void Gdsf_caps_frequency()
    {
        var gdsf = new GdsfPolicy(maxFrequency: 3);
        var key = Key(1);
        gdsf.Added(key);
        for (var i = 0; i < 10; i++) gdsf.Accessed(key);

        Assert.Equal(3, gdsf.PriorityOf(key));
    }

    [Fact]
    public void Policies_ignore_unknown_keys_and_have_no_victim_when_empty()
    {
        foreach (IEvictionPolicy policy in new IEvictionPolicy[] { new LruPolicy(), new GdsfPolicy() })
        {
            policy.Accessed(Key(9));
            policy.Removed(Key(9));
            Assert.Null(policy.Victim(None));
        }
    }

    [Fact]
    public void Pinning_evicts_pinned_keys_only_after_every_unpinned_one_and_unpinning_puts_them_back_in_line()
    {
        var pinning = new PinningPolicy(new LruPolicy());
        var (a, b, c) = (Key(1), Key(2), Key(3));
        pinning.SetPinned([a, Key(9)]); // a key not held yet is remembered
        pinning.Added(a);
        pinning.Added(b);
        pinning.Added(c);

        Assert.Equal(b, pinning.Victim(None));
        Assert.Equal(a, pinning.Victim(Set(b, c))); // only when nothing unpinned is left
        pinning.Added(Key(9));
        Assert.Equal(a, pinning.Victim(Set(b, c))); // the pinned side is least recently used first

        pinning.SetPinned([Key(9)]);
        Assert.Equal(b, pinning.Victim(None));
        Assert.Equal(a, pinning.Victim(Set(b, c))); // back with the unpinned, after c in use order
        pinning.Removed(b);
        pinning.Removed(c);
        Assert.Equal(a, pinning.Victim(None));
    }

    private static HashSet<CacheKey> Set(params CacheKey[] keys) => [.. keys];

    private static CacheKey Key(int n) => CacheKey.Create(n.ToString("x64"), n * 100);
}
