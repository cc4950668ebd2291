using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Silo.Commands;

[Description("Run a silo of one region (the default command); it prints \"silo ready:\" once it accepts calls and leaves the cluster on Ctrl+C or SIGTERM")]
public sealed class RunSiloCommand : AsyncCommand<SiloCommandSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, SiloCommandSettings settings, CancellationToken cancellationToken) =>
        SiloProgram.RunSiloAsync(settings, (ConfigurationSwitches)context.Data!, cancellationToken);
}
