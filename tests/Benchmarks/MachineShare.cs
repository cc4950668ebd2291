using System.Diagnostics;
using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Who used the machine's CPUs between two readings: this process, and everything else (other processes on a shared machine), in
/// cores on average, with the garbage collector's pauses in this process. Read around a measurement, it says whether a figure was
/// disturbed. Linux only (/proc/stat and /proc/self/stat, ticks of 1/100 s as <see cref="ProcessCpu"/> assumes).
/// </summary>
public readonly record struct MachineShare(long Timestamp, long MachineBusyTicks, long SelfTicks, TimeSpan GcPaused, int Collections, int Gen2Collections)
{
    public static MachineShare Now() =>
        new(Stopwatch.GetTimestamp(), BusyTicks(), ProcessCpu.Now().SelfTicks, GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));

    public static MachineUse operator -(MachineShare after, MachineShare before)
    {
        var seconds = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        var self = (after.SelfTicks - before.SelfTicks) / (double)ProcessCpu.TicksPerSecond;
        var busy = (after.MachineBusyTicks - before.MachineBusyTicks) / (double)ProcessCpu.TicksPerSecond;
        return new MachineUse(seconds > 0 ? self / seconds : 0, seconds > 0 ? Math.Max(0, busy - self) / seconds : 0,
            after.GcPaused - before.GcPaused, after.Collections - before.Collections, after.Gen2Collections - before.Gen2Collections);
    }

    /// <summary>All CPUs' time not idle and not waiting for I/O, from the first line of /proc/stat.</summary>
    private static long BusyTicks()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...
            long Field(int i) => i < cpu.Length ? long.Parse(cpu[i], CultureInfo.InvariantCulture) : 0;
            return Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>Between two <see cref="MachineShare"/> readings: cores used by this process and by the rest of the machine, and GC pauses here.</summary>
public readonly record struct MachineUse(double SelfCores, double OtherCores, TimeSpan GcPaused, int Collections, int Gen2Collections)
{
    public override string ToString() =>
        $"this process {SelfCores:0.00} cores, others {OtherCores:0.00} cores, GC paused {GcPaused.TotalMilliseconds:0} ms in {Collections} collections ({Gen2Collections} gen2)";
}
