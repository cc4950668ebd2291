using System.ComponentModel;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Show a member's profile, plan, devices and continue-watching row")]
public sealed class MemberShowCommand : ConnectedCommand<MemberShowCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<MEMBER_ID>")]
        public string MemberId { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        GrainKeys.Validate(settings.MemberId, "member");
        var member = await client.GetGrain<IMemberGrain>(settings.MemberId).Get()
                     ?? throw new NotFoundException("member", settings.MemberId);
        if (settings.Json) Json.Write(member);
        else Tables.Member(member);
        return ExitCodes.Ok;
    }
}
