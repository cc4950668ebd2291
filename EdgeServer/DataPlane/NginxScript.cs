using System.Globalization;
using System.Text.Json;
using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.EdgeServer.DataPlane;

/// <summary>
/// nginx's token check (edge.js, embedded in this assembly) with the keys in force and the maximum token lifetime
/// filled in. Written with mode 0600 (it holds the secrets) under a temporary name and renamed into place, so a
/// reload never reads half a file.
/// </summary>
public static class NginxScript
{
    public static string Text(IReadOnlyList<SigningKey> keys, TimeSpan maxLifetime)
    {
        using var stream = typeof(NginxScript).Assembly.GetManifestResourceStream("edge.js")
            ?? throw new InvalidOperationException("edge.js is not embedded in the EdgeServer assembly");
        using var reader = new StreamReader(stream);
        var template = reader.ReadToEnd();
        var secrets = JsonSerializer.Serialize(keys.ToDictionary(k => k.Id, k => Convert.ToBase64String(k.Secret)));
        return template
            .Replace("/*KEYS*/{}/*END*/", secrets, StringComparison.Ordinal)
            .Replace("/*MAX_MS*/21600000/*END*/", ((long)maxLifetime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static void Write(string path, IReadOnlyList<SigningKey> keys, TimeSpan maxLifetime)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(temporary, System.Text.Encoding.UTF8, options))
            file.Write(Text(keys, maxLifetime));
        File.Move(temporary, path, overwrite: true);
    }
}
