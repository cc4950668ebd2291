namespace Orleans.Netflix.Silo.Commands;

/// <summary>
/// Switches that name a configuration key themselves, <c>--Section:Key=value</c> or <c>--Section:Key value</c> (any key, as
/// .NET's command-line configuration reads them), set apart from the silo's own switches before those are parsed:
/// the parser would take the first <c>:</c> for the end of an option's name.
/// </summary>
public sealed record ConfigurationSwitches(IReadOnlyList<string> Own, IReadOnlyList<string> Configuration)
{
    public static ConfigurationSwitches Split(IReadOnlyList<string> args)
    {
        var own = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!IsConfigurationKey(args[i]))
            {
                own.Add(args[i]);
                continue;
            }
            configuration.Add(args[i]);
            if (!args[i].Contains('=') && i + 1 < args.Count) configuration.Add(args[++i]); // --Section:Key value
        }
        return new ConfigurationSwitches(own, configuration);
    }

    private static bool IsConfigurationKey(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.Split('=', 2)[0].Contains(':');
}
