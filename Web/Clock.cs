using System.Globalization;

namespace Orleans.Netflix.Web;

/// <summary>Positions and runtimes as a member reads them: 1:02:03 or 12:34.</summary>
public static class Clock
{
    public static string Format(TimeSpan time) => time.TotalHours >= 1
        ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    public static string Runtime(TimeSpan runtime) => runtime.TotalHours >= 1
        ? $"{(int)runtime.TotalHours} h {runtime.Minutes} min"
        : $"{Math.Max(1, (int)Math.Round(runtime.TotalMinutes))} min";
}
