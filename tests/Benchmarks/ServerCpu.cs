using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// CPU time used so far by a server process and its live children (nginx's master and workers; the edge
/// is one process), from /proc. Read before and after a wrk run, the difference is what serving those
/// requests cost the server, apart from wrk's own share of the same cores. Linux only.
/// </summary>
public static class ServerCpu
{
    public static TimeSpan Read(int pid)
    {
        var ticks = ProcessCpu.Of(pid).SelfTicks;
        foreach (var child in Children(pid)) ticks += UnlessExited(() => ProcessCpu.Of(child).SelfTicks, 0L);
        return TimeSpan.FromSeconds(ticks / (double)ProcessCpu.TicksPerSecond);
    }

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
