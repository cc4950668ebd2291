using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>The benchmark's command line: <c>[--seconds N] [--concurrency N] [--json]</c>.</summary>
public sealed record BenchmarkOptions(int Seconds, int Concurrency, bool Json)
{
    public const string Usage = "usage: Benchmarks [--seconds N (default 5)] [--concurrency N (default 200)] [--json]";

    public static readonly BenchmarkOptions Default = new(Seconds: 5, Concurrency: 200, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            switch (name)
            {
                case "--seconds":
                    options = options with { Seconds = PositiveInt(name, inlineValue ?? Next(args, ref i, name), max: 600) };
                    break;
                case "--concurrency":
                    options = options with { Concurrency = PositiveInt(name, inlineValue ?? Next(args, ref i, name), max: 10_000) };
                    break;
                case "--json" when inlineValue is null:
                    options = options with { Json = true };
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'. {Usage}");
            }
        }
        return options;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var parts = arg.Split('=', 2);
        return (parts[0], parts.Length == 2 ? parts[1] : null);
    }

    private static string Next(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value. {Usage}");
        return args[++i];
    }

    private static int PositiveInt(string name, string text, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
            throw new ArgumentException($"{name} must be a whole number from 1 to {max}, not '{text}'");
        return value;
    }
}
