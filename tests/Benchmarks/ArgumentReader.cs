using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Walks a command line of <c>--name value</c> or <c>--name=value</c> switches for the option records,
/// with one wording for every mistake (each ends with the mode's usage line).
/// </summary>
public sealed class ArgumentReader(IReadOnlyList<string> args, string usage)
{
    private int _index = -1;
    private string? _inlineValue;

    public string Name { get; private set; } = "";

    /// <summary>True for a bare flag (<c>--json</c>), false when <c>--json=…</c> was written.</summary>
    public bool IsFlag => _inlineValue is null;

    public bool MoveNext()
    {
        if (++_index >= args.Count) return false;
        var parts = args[_index].Split('=', 2);
        (Name, _inlineValue) = (parts[0], parts.Length == 2 ? parts[1] : null);
        return true;
    }

    public string Value() =>
        _inlineValue ?? (_index + 1 < args.Count ? args[++_index] : throw new ArgumentException($"{Name} needs a value. {usage}"));

    public int Whole(int min, int max) => Whole(Value(), min, max);

    public int Whole(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{Name} must be a whole number from {min} to {max}, not '{text}'");

    public double Number(double min, double max) => Number(Value(), min, max);

    public double Number(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{Name} takes numbers from {min} to {max}, not '{text}'");

    public ArgumentException Unknown() => new($"unknown argument '{args[_index]}'. {usage}");
}
