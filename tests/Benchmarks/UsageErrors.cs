using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The two mistakes Spectre.Console.Cli words badly, said the way the benchmarks always said them: an option written without
/// its value (Spectre binds it to an internal name, "__default_command", and a text option would run with that) and a value
/// that is not a number ("Failed to convert 'x' to Int32.", naming no option).
/// </summary>
public static partial class UsageErrors
{
    /// <summary>Every mode's options that take a value, by each name they are written with, and the value's type.</summary>
    private static readonly Dictionary<string, Type> ValueOptions = typeof(BenchmarkSettings).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(BenchmarkSettings)))
        .SelectMany(type => type.GetProperties())
        .Select(property => (Property: property, Option: property.GetCustomAttribute<CommandOptionAttribute>()))
        .Where(p => p.Option is { ValueName: not null })
        .SelectMany(p => p.Option!.LongNames.Select(name => "--" + name).Concat(p.Option.ShortNames.Select(name => "-" + name))
            .Select(name => (Name: name, Type: Nullable.GetUnderlyingType(p.Property.PropertyType) ?? p.Property.PropertyType)))
        .DistinctBy(o => o.Name)
        .ToDictionary(o => o.Name, o => o.Type);

    /// <summary>"--seconds needs a value" for the first option written last or just before another option, or null.</summary>
    public static string? MissingValue(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (ValueOptions.ContainsKey(args[i]) && (i + 1 == args.Count || IsOption(args[i + 1]))) return $"{args[i]} needs a value";
        }
        return null;
    }

    /// <summary>Spectre's message, with the option named where Spectre could not convert its value.</summary>
    public static string Explain(string message, IReadOnlyList<string> args)
    {
        if (ConversionFailure().Match(message) is not { Success: true } failure) return message;
        var value = failure.Groups[1].Value;
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            var option = parts.Length == 2 && parts[1] == value ? parts[0] : i > 0 && args[i] == value ? args[i - 1] : null;
            if (option is not null && ValueOptions.TryGetValue(option, out var type))
                return type == typeof(int) ? $"{option} must be a whole number, not '{value}'" : $"{option} takes a number, not '{value}'";
        }
        return message;
    }

    // A negative number is a value ("--outage -1" is out of range, not an option).
    private static bool IsOption(string arg) => arg.StartsWith('-') && !double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    [GeneratedRegex("^Failed to convert '(.*)' to ")]
    private static partial Regex ConversionFailure();
}
