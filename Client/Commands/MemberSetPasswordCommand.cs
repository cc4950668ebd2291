using System.ComponentModel;
using Orleans.Netflix.Client.Members;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Set a member's website sign-in: email and password (hashed here; neither the password nor its hash is ever printed)")]
public sealed class MemberSetPasswordCommand : ConnectedCommand<MemberSetPasswordCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<MEMBER_ID>")]
        public string MemberId { get; init; } = "";

        [CommandOption("--email <EMAIL>"), Description("the email to sign in with (default: the member's current one; required when it has none)")]
        public string? Email { get; init; }

        [CommandOption("--password-stdin"), Description("read the password from standard input (one trailing newline is dropped) instead of prompting")]
        public bool PasswordStdin { get; init; }
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        GrainKeys.Validate(settings.MemberId, "member");
        var email = settings.Email is null ? null : MemberEmails.Normalize(settings.Email);
        var password = await ReadPasswordAsync(settings, cancellationToken);
        MemberPasswords.Check(password);

        var member = client.GetGrain<IMemberGrain>(settings.MemberId);
        var view = await member.Get() ?? throw new NotFoundException("member", settings.MemberId);
        email ??= view.Email ?? throw new ArgumentException($"member '{settings.MemberId}' has no email yet: pass --email");

        await member.SetSignIn(new MemberSignIn(email, MemberPasswords.Hash(settings.MemberId, password)));

        if (settings.Json) Json.Write(new { settings.MemberId, Email = email, PasswordSet = true });
        else Console.Out.WriteLine($"password set for {settings.MemberId}: signs in as {email}");
        return ExitCodes.Ok;
    }

    private static async Task<string> ReadPasswordAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.PasswordStdin)
        {
            var text = await Console.In.ReadToEndAsync(cancellationToken);
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }
        if (Console.IsInputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            throw new ArgumentException("no password: pass --password-stdin and pipe it in, or run in a terminal to be prompted");

        var password = await new TextPrompt<string>("Password:").Secret().ShowAsync(AnsiConsole.Console, cancellationToken);
        var again = await new TextPrompt<string>("Password again:").Secret().ShowAsync(AnsiConsole.Console, cancellationToken);
        return password == again ? password : throw new ArgumentException("the two passwords differ");
    }
}
