using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>scripts/regions.sh: three regions side by side, each its own cluster and database, replicating member data.</summary>
public sealed class RegionsScriptTests
{
    [Fact]
    public async Task RegionsScript_RunsThreeClusters_WhoseMemberDataReplicates_AndStopsCleanly()
    {
        var work = Path.Combine(Path.GetTempPath(), $"netflix-regions-{Guid.NewGuid():N}");
        var configuration = typeof(RegionsScriptTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("bash", ["scripts/regions.sh", "--no-build", "--configuration", configuration, "--edges", "1", "--work", work])
        {
            WorkingDirectory = BuiltApp.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var script = Process.Start(start)!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        script.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains("regions ready", StringComparison.Ordinal)) ready.TrySetResult();
        };
        script.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (output) output.AppendLine(e.Data);
        };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            var first = await Task.WhenAny(ready.Task, script.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(first == ready.Task, $"regions.sh did not become ready: {output}");

            var file = Path.Combine(work, "regions.json");
            var regions = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("regions").EnumerateArray()
                .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("gateways")[0].GetString()!);
            Assert.Equal(["eu-west", "us-east", "us-west"], regions.Keys.Order());

            // Written in us-east, read in eu-west: two clusters, two databases, one member.
            var seed = await BuiltApp.Client.RunAsync(["seed", "--titles", "20", "--members", "5", "--json", "--region", "us-east", "--gateway", regions["us-east"]],
                TimeSpan.FromSeconds(90));
            Assert.Equal(ExitCodes.Ok, seed.ExitCode);
            var shown = await BuiltApp.Client.RunAsync(["member", "show", "m-00003", "--json", "--region", "eu-west", "--gateway", regions["eu-west"]],
                TimeSpan.FromSeconds(60));
            Assert.True(shown.ExitCode == ExitCodes.Ok, shown.StdErr);
            Assert.Equal("m-00003", JsonDocument.Parse(shown.StdOut).RootElement.GetProperty("memberId").GetString());
            // The catalog too: a title seeded through us-east is shown in eu-west (acknowledged once one other region
            // holds it, so eu-west may get it a moment later).
            BuiltApp.Result title = null!;
            await Eventually.TrueAsync(async () => (title = await BuiltApp.Client.RunAsync(["title", "show", "t-00001", "--json", "--region", "eu-west",
                "--gateway", regions["eu-west"]], TimeSpan.FromSeconds(60))).ExitCode == ExitCodes.Ok, seconds: 30);
            Assert.Equal("t-00001", JsonDocument.Parse(title.StdOut).RootElement.GetProperty("titleId").GetString());

            var status = await BuiltApp.Client.RunAsync(["regions", "--regions-file", file, "--json"], TimeSpan.FromSeconds(60));
            Assert.Equal(ExitCodes.Ok, status.ExitCode);
            Assert.All(JsonDocument.Parse(status.StdOut).RootElement.EnumerateArray(), r =>
            {
                Assert.True(r.GetProperty("reachable").GetBoolean());
                Assert.True(r.GetProperty("replication").GetProperty("enabled").GetBoolean());
            });
        }
        finally
        {
            if (!script.HasExited)
            {
                using var terminate = Process.Start("kill", ["-TERM", script.Id.ToString()]);
                await terminate!.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await script.WaitForExitAsync(grace.Token);
            Assert.True(script.ExitCode == 0, $"regions.sh exited with {script.ExitCode}: {output}");
            Assert.False(File.Exists(Path.Combine(work, "pg", "data", "postmaster.pid")), "PostgreSQL still running");
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
