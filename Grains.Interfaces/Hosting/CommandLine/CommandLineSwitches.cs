using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Hosting.CommandLine;

/// <summary>
/// What every program's command line (Spectre.Console.Cli) shares: a process of switches only, parsed into its settings,
/// and the one mistake Spectre words badly said plainly. A switch written without its value is either bound to Spectre's
/// internal name for the default command ("__default_command", which a text switch would run with) or takes the next
/// switch as its value; here it is "--region needs a value".
/// </summary>
public static partial class CommandLineSwitches
{
    /// <summary>
    /// <paramref name="args"/> parsed into <typeparamref name="TSettings"/> (strict: an unknown switch is an error), or null
    /// when only --help or --version was asked for and printed. An <see cref="ArgumentException"/> with a one-line message
    /// for any mistake, its settings' own validation included.
    /// </summary>
    public static TSettings? Parse<TSettings>(IReadOnlyList<string> args, string applicationName) where TSettings : CommandSettings
    {
        if (MissingValue(args, [typeof(TSettings)]) is { } missing) throw new ArgumentException(missing);
        TSettings? parsed = null;
        var app = new CommandApp<CapturingCommand<TSettings>>();
        app.WithData(new Action<TSettings>(settings => parsed = settings));
        app.Configure(config =>
        {
            config.SetApplicationName(applicationName);
            config.UseStrictParsing();
            config.PropagateExceptions();
        });
        try
        {
            app.Run([.. args]);
        }
        catch (CommandAppException e)
        {
            throw new ArgumentException(Explain(e.Message, args, [typeof(TSettings)]), e);
        }
        return parsed;
    }

    /// <summary>
    /// "--x needs a value" for the first switch of <paramref name="settingsTypes"/> that takes a value but is written last
    /// or just before another switch; null when there is none. A negative number is a value, not a switch.
    /// </summary>
    public static string? MissingValue(IReadOnlyList<string> args, IEnumerable<Type> settingsTypes)
    {
        var valueSwitches = ValueSwitches(settingsTypes);
        for (var i = 0; i < args.Count; i++)
        {
            if (valueSwitches.Contains(args[i]) && (i + 1 == args.Count || IsSwitch(args[i + 1]))) return $"{args[i]} needs a value";
        }
        return null;
    }

    /// <summary>
    /// Spectre's message as one line, with the switch named where Spectre could not convert a value ("Failed to convert
    /// 'x' to Int32." names none): "--page must be a whole number, not 'x'".
    /// </summary>
    public static string Explain(string message, IReadOnlyList<string> args, IEnumerable<Type> settingsTypes)
    {
        message = OneLine(message);
        if (ConversionFailure().Match(message) is not { Success: true } failure) return message;
        var value = failure.Groups[1].Value;
        var types = ValueTypes(settingsTypes);
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            var option = parts.Length == 2 && parts[1] == value ? parts[0] : i > 0 && args[i] == value ? args[i - 1] : null;
            if (option is null || !types.TryGetValue(option, out var type)) continue;
            return type == typeof(int) || type == typeof(long) ? $"{option} must be a whole number, not '{value}'"
                : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? $"{option} takes a number, not '{value}'"
                : $"{option} cannot be '{value}'";
        }
        return message;
    }

    /// <summary>The settings types (<see cref="CommandSettings"/>) an assembly's commands read.</summary>
    public static IEnumerable<Type> SettingsTypesOf(Assembly assembly) =>
        assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(CommandSettings)) && !type.IsAbstract);

    /// <summary>Spectre's message (which may span lines) as one line.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// Every name, long and short, of the switches that must be given a value. A name that is a flag (or takes an optional
    /// value) in another command is left out: written bare, it may be right.
    /// </summary>
    private static HashSet<string> ValueSwitches(IEnumerable<Type> settingsTypes)
    {
        var options = settingsTypes
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Select(property => property.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(option => option.LongNames.Select(name => "--" + name).Concat(option.ShortNames.Select(name => "-" + name))
                .Select(name => (Name: name, NeedsValue: option.ValueName is not null && !option.ValueIsOptional)))
            .ToArray();
        var bare = options.Where(o => !o.NeedsValue).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return options.Where(o => o.NeedsValue && !bare.Contains(o.Name)).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The type of each switch's value (the element type for a repeatable switch), by every name it is written with.</summary>
    private static Dictionary<string, Type> ValueTypes(IEnumerable<Type> settingsTypes) => settingsTypes
        .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Select(property => (Property: property, Option: property.GetCustomAttribute<CommandOptionAttribute>()))
        .Where(p => p.Option is { ValueName: not null })
        .SelectMany(p => p.Option!.LongNames.Select(name => "--" + name).Concat(p.Option.ShortNames.Select(name => "-" + name))
            .Select(name => (Name: name, Type: ValueType(p.Property.PropertyType))))
        .DistinctBy(o => o.Name)
        .ToDictionary(o => o.Name, o => o.Type, StringComparer.Ordinal);

    private static Type ValueType(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(element) ?? element;
    }

    [GeneratedRegex("^Failed to convert '(.*)' to ")]
    private static partial Regex ConversionFailure();

    private static bool IsSwitch(string arg) =>
        arg.StartsWith('-') && !double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The one command of a program of switches only: hands what was parsed to the caller.</summary>
    internal sealed class CapturingCommand<TSettings> : Command<TSettings> where TSettings : CommandSettings
    {
        public override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
        {
            ((Action<TSettings>)context.Data!)(settings);
            return 0;
        }
    }
}
