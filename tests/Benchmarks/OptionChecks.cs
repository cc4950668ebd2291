using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The range checks of the modes' settings, in one wording for every option (the wording the benchmarks have always used),
/// and the parsing of the options that take a list in one word (<c>--alphas 0.8,1.0</c>, <c>--silos 1,2,4</c>).
/// </summary>
public static class OptionChecks
{
    /// <summary>The first failed check, or success.</summary>
    public static ValidationResult First(params ReadOnlySpan<ValidationResult> checks)
    {
        foreach (var check in checks)
        {
            if (!check.Successful) return check;
        }
        return ValidationResult.Success();
    }

    /// <summary>Success for an option not given (null: its default applies).</summary>
    public static ValidationResult Whole(string name, int? value, int min, int max) =>
        value is not { } v || (v >= min && v <= max) ? ValidationResult.Success() : ValidationResult.Error(WholeError(name, v.ToString(CultureInfo.InvariantCulture), min, max));

    /// <summary>Success for an option not given (null: its default applies).</summary>
    public static ValidationResult Number(string name, double? value, double min, double max) =>
        value is not { } v || (v >= min && v <= max) ? ValidationResult.Success() : ValidationResult.Error(NumberError(name, v.ToString(CultureInfo.InvariantCulture), min, max));

    /// <summary>Whole numbers separated by commas, each from min to max; the error names the first that is not.</summary>
    public static (int[] Values, string? Error) WholeList(string name, string text, int min, int max)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var (value, error) = ParseWhole(name, part, min, max);
            if (error is not null) return ([], error);
            values.Add(value);
        }
        return ([.. values], null);
    }

    /// <summary>Numbers separated by commas, each from min to max; the error names the first that is not.</summary>
    public static (double[] Values, string? Error) NumberList(string name, string text, double min, double max)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                return ([], NumberError(name, part, min, max));
            values.Add(value);
        }
        return ([.. values], null);
    }

    /// <summary>A whole number from min to max written in part of an option's value (digits only).</summary>
    public static (int Value, string? Error) ParseWhole(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (0, WholeError(name, text, min, max));

    public static ValidationResult Checked(string? error) => error is null ? ValidationResult.Success() : ValidationResult.Error(error);

    private static string WholeError(string name, string text, int min, int max) => $"{name} must be a whole number from {min} to {max}, not '{text}'";

    private static string NumberError(string name, string text, double min, double max) => $"{name} takes numbers from {min} to {max}, not '{text}'";
}
