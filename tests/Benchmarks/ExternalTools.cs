namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The programs the edge mode drives, found on PATH or where Debian installs them (/usr/sbin, home of
/// nginx, is not on every user's PATH), so a missing one is reported before anything starts.
/// </summary>
public static class ExternalTools
{
    public const string InstallHint = "apt-get install -y nginx-light wrk";

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin"])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
