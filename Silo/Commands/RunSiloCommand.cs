using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Silo.Commands;

[Description("Run a silo of one region (the default command) until Ctrl+C or SIGTERM, when it leaves the cluster")]
public sealed class RunSiloCommand : AsyncCommand<SiloCommandSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, SiloCommandSettings settings, CancellationToken cancellationToken) =>
        SiloProgram.RunSiloAsync(settings, (ConfigurationSwitches)context.Data!, cancellationToken);
}
