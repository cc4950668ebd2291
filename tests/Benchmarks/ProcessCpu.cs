using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// CPU time of this process and of its waited-for children (every ffmpeg/ffprobe the pipeline or the
/// baseline ran: .NET reaps them, so the kernel adds their time to cutime/cstime), from /proc/self/stat.
/// Linux only. Ticks are taken as 1/100 s, the usual <c>getconf CLK_TCK</c>; not read from the system.
/// </summary>
public readonly record struct ProcessCpu(long SelfTicks, long ChildrenTicks)
{
    public const int TicksPerSecond = 100; // assumed: getconf CLK_TCK is 100 on Linux x64/arm64 kernels

    public static ProcessCpu Now() => Read("/proc/self/stat");

    /// <summary>Another process's reading (its children's times count once it has reaped them).</summary>
    public static ProcessCpu Of(int pid) => Read($"/proc/{pid}/stat");

    private static ProcessCpu Read(string path)
    {
        var stat = File.ReadAllText(path);
        // Field 2 (comm) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture); // fields[0] is field 3 (state)
        return new ProcessCpu(SelfTicks: Field(14) + Field(15), ChildrenTicks: Field(16) + Field(17));
    }

    public static CpuTime operator -(ProcessCpu after, ProcessCpu before) => new(
        TimeSpan.FromSeconds((after.SelfTicks - before.SelfTicks) / (double)TicksPerSecond),
        TimeSpan.FromSeconds((after.ChildrenTicks - before.ChildrenTicks) / (double)TicksPerSecond));
}

/// <summary>CPU time spent between two <see cref="ProcessCpu"/> readings: this process, and its child processes.</summary>
public readonly record struct CpuTime(TimeSpan Self, TimeSpan Children)
{
    public TimeSpan Total => Self + Children;
}
