using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Members;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>The seed's demo sign-in and <c>member set-password</c>: the client console against a real silo process.</summary>
public sealed class MemberSignInProcessTests : IAsyncLifetime
{
    private const string Password = "s3cret horse battery";

    private readonly int _gatewayPort = FreePort.Next();
    private readonly string _media = Path.Combine(Path.GetTempPath(), $"netflix-signin-media-{Guid.NewGuid():N}");
    private RunningApp? _silo;

    private string[] Gateway => ["--region", "eu-west", "--gateway", $"127.0.0.1:{_gatewayPort}"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_media);
        _silo = await BuiltApp.Silo.StartAsync(
            ["--region", "eu-west", "--storage", "memory", "--origin-port", "0", "--silo-port", FreePort.Next().ToString(), "--gateway-port", _gatewayPort.ToString(),
             "--origin-root", Path.Combine(_media, "origin"), "--work-root", Path.Combine(_media, "work")],
            SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        Directory.Delete(_media, recursive: true);
    }

    private Task<BuiltApp.Result> Client(params string[] args) => BuiltApp.Client.RunAsync([.. args, .. Gateway], TimeSpan.FromSeconds(60));

    /// <summary>Runs the client with <paramref name="stdin"/> piped to it (BuiltApp leaves standard input open and empty).</summary>
    private async Task<BuiltApp.Result> ClientWithInput(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = BuiltApp.RepositoryRoot,
        };
        start.ArgumentList.Add(BuiltApp.Client.DllPath);
        foreach (var a in args.Concat(Gateway)) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["Netflix__ConnectTimeout"] = "00:01:00"; // as BuiltApp gives every client: a loaded machine can need more than 10 s
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Client {string.Join(' ', args)} did not exit within 60 s: {await stdout}{await stderr}");
        }
        return new BuiltApp.Result(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    private async Task<MemberSignIn?> SignInOf(string memberId)
    {
        await using var connection = await ClusterConnection.ConnectAsync(
            new ClientOptions { Region = "eu-west", Gateways = [$"127.0.0.1:{_gatewayPort}"] }, CancellationToken.None);
        return await connection.Client.GetGrain<IMemberGrain>(memberId).SignIn();
    }

    private async Task<string?> OwnerOf(string email)
    {
        await using var connection = await ClusterConnection.ConnectAsync(
            new ClientOptions { Region = "eu-west", Gateways = [$"127.0.0.1:{_gatewayPort}"] }, CancellationToken.None);
        return await connection.Client.GetGrain<IMemberEmailGrain>(MemberEmails.Normalize(email)).Owner();
    }

    private static bool Verifies(MemberSignIn? signIn, string password) =>
        signIn is not null && new PasswordHasher<string>().VerifyHashedPassword("any", signIn.PasswordHash, password) != PasswordVerificationResult.Failed;

    [Fact]
    public async Task Seed_GivesEveryMemberTheDemoSignIn_AndSaysHowToSignIn()
    {
        var json = await Client("seed", "--titles", "5", "--members", "3", "--plays", "0", "--json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        var signIn = JsonDocument.Parse(json.StdOut).RootElement.GetProperty("signIn");
        Assert.Equal("m-00001@example.com", signIn.GetProperty("email").GetString());
        Assert.Equal(MemberEmails.DemoPassword, signIn.GetProperty("password").GetString());

        var table = await Client("seed", "--titles", "5", "--members", "3", "--plays", "0"); // again: updates in place
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains($"sign in at the website as m-00001@example.com with password {MemberEmails.DemoPassword}", table.StdOut);

        foreach (var id in new[] { "m-00001", "m-00002", "m-00003" })
        {
            Assert.Equal(id, await OwnerOf($"{id}@example.com"));
            Assert.True(Verifies(await SignInOf(id), MemberEmails.DemoPassword));
        }
        var shown = JsonDocument.Parse((await Client("member", "show", "m-00002", "--json")).StdOut).RootElement;
        Assert.Equal("m-00002@example.com", shown.GetProperty("email").GetString());
        Assert.DoesNotContain("passwordHash", shown.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SetPassword_FromStdin_StoresAHashThatVerifies_AndNeverPrintsEither()
    {
        Assert.Equal(ExitCodes.Ok, (await Client("seed", "--titles", "5", "--members", "3", "--plays", "0", "--json")).ExitCode);

        var set = await ClientWithInput(Password + "\n", "member", "set-password", "m-00002", "--email", " Ana.Lima@Example.com ", "--password-stdin");

        Assert.Equal(ExitCodes.Ok, set.ExitCode);
        Assert.Contains("ana.lima@example.com", set.StdOut);
        var signIn = await SignInOf("m-00002");
        Assert.Equal("ana.lima@example.com", signIn!.Email);
        Assert.True(Verifies(signIn, Password)); // the trailing newline is not part of the password
        Assert.False(Verifies(signIn, MemberEmails.DemoPassword));
        Assert.DoesNotContain(Password, set.StdOut + set.StdErr);
        Assert.DoesNotContain(signIn.PasswordHash, set.StdOut + set.StdErr);
        Assert.Equal("m-00002", await OwnerOf("ana.lima@example.com"));
        Assert.Null(await OwnerOf("m-00002@example.com")); // the seeded email was released

        // Without --email the member keeps its email; only the password changes.
        var again = await ClientWithInput("another password", "member", "set-password", "m-00002", "--password-stdin", "--json");
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Equal("ana.lima@example.com", JsonDocument.Parse(again.StdOut).RootElement.GetProperty("email").GetString());
        Assert.True(Verifies(await SignInOf("m-00002"), "another password"));
    }

    [Fact]
    public async Task SetPassword_Refusals_HaveTheirExitCodes_AndChangeNothing()
    {
        Assert.Equal(ExitCodes.Ok, (await Client("seed", "--titles", "5", "--members", "3", "--plays", "0", "--json")).ExitCode);

        var tooShort = await ClientWithInput("short\n", "member", "set-password", "m-00001", "--password-stdin");
        Assert.Equal(ExitCodes.BadInput, tooShort.ExitCode);
        Assert.Equal($"error: password must be at least {MemberEmails.MinPasswordLength} characters", tooShort.StdErr.Trim());
        Assert.True(Verifies(await SignInOf("m-00001"), MemberEmails.DemoPassword));

        var badEmail = await ClientWithInput(Password, "member", "set-password", "m-00001", "--email", "not-an-email", "--password-stdin");
        Assert.Equal(ExitCodes.BadInput, badEmail.ExitCode);
        Assert.StartsWith("error: invalid email", badEmail.StdErr.Trim());

        var taken = await ClientWithInput(Password, "member", "set-password", "m-00001", "--email", "M-00003@example.com", "--password-stdin");
        Assert.Equal(ExitCodes.Rejected, taken.ExitCode);
        Assert.StartsWith("refused (EmailTaken)", taken.StdErr.Trim());
        Assert.Equal("m-00003", await OwnerOf("m-00003@example.com"));
        Assert.Equal("m-00001@example.com", (await SignInOf("m-00001"))!.Email);

        var unknown = await ClientWithInput(Password, "member", "set-password", "m-99999", "--email", "nobody@example.com", "--password-stdin");
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Equal("error: member 'm-99999' not found", unknown.StdErr.Trim());

        // Not a terminal and no --password-stdin: nothing to prompt with.
        var noPassword = await ClientWithInput("", "member", "set-password", "m-00001");
        Assert.Equal(ExitCodes.BadInput, noPassword.ExitCode);
        Assert.Contains("--password-stdin", noPassword.StdErr);

        Assert.DoesNotContain("   at ", tooShort.StdErr + badEmail.StdErr + taken.StdErr + unknown.StdErr + noPassword.StdErr);
    }
}
