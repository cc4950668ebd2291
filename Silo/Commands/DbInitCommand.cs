using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Silo.Commands;

[Description("Prepare the region's PostgreSQL database: create it if missing and apply the schema scripts it lacks (safe to repeat)")]
public sealed class DbInitCommand : AsyncCommand<SiloCommandSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, SiloCommandSettings settings, CancellationToken cancellationToken) =>
        SiloProgram.InitDatabaseAsync(settings, (ConfigurationSwitches)context.Data!, cancellationToken);
}
