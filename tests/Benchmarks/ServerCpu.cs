using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// CPU time used so far by a server process and its live descendants (nginx's master and workers; the edge
/// and, on its nginx data plane, the nginx it runs), from /proc. Read before and after a wrk run, the difference is what serving those
/// requests cost the server, apart from wrk's own share of the same cores. Linux only.
/// </summary>
public static class ServerCpu
{
    public static TimeSpan Read(int pid)
    {
        var ticks = ProcessCpu.Of(pid).SelfTicks + DescendantTicks(pid);
        return TimeSpan.FromSeconds(ticks / (double)ProcessCpu.TicksPerSecond);
    }

    /// <summary>Every live descendant's CPU ticks: an edge's nginx master and its workers are the edge's grandchildren.</summary>
    private static long DescendantTicks(int pid) =>
        Children(pid).Sum(child => UnlessExited(() => ProcessCpu.Of(child).SelfTicks + DescendantTicks(child), 0L));

    /// <summary>Child pids, from every thread's <c>children</c> list (the edge's threads come and go while it is read).</summary>
    private static IEnumerable<int> Children(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task")
            .SelectMany(task => UnlessExited(() => File.ReadAllText(Path.Combine(task, "children")), "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture));

    /// <summary>The value, or <paramref name="fallback"/> when the thread or process it reads from has just exited.</summary>
    private static T UnlessExited<T>(Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
        catch (IOException)
        {
            return fallback;
        }
    }
}
