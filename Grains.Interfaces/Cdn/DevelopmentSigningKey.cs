namespace Orleans.Netflix.Cdn;

/// <summary>
/// The signing key both appsettings.json files ship with, so the demo and the tests play without setup. Anyone can
/// read it in the repository, so a silo or an edge refuses it unless its environment is Development
/// (<c>--environment Development</c> or <c>DOTNET_ENVIRONMENT=Development</c>).
/// </summary>
public static class DevelopmentSigningKey
{
    public const string Secret = "YLeBFkcj7eGnNMLp9OQIiKHAuLaPb/4mia8Bo45HWYk=";

    /// <summary>
    /// One line saying what to change when <paramref name="keys"/> hold the development key outside Development, else null.
    /// <paramref name="section"/> names the setting (e.g. <c>Edge:SigningKeys</c>).
    /// </summary>
    public static string? Refusal(IEnumerable<SigningKeyOptions> keys, string environmentName, string section)
    {
        var index = keys.Select((k, i) => (k, i)).FirstOrDefault(p => p.k.Secret.Trim() == Secret);
        if (index.k is null || string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase)) return null;
        return $"{section}:{index.i} holds the development signing key '{index.k.Id}' and the environment is '{environmentName}', not Development: " +
               $"set {section}:{index.i}:Secret ({section.Replace(":", "__", StringComparison.Ordinal)}__{index.i}__Secret) to your own key (openssl rand -base64 32), or run with --environment Development";
    }
}
