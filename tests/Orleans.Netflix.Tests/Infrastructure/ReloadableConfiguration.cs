using Microsoft.Extensions.Configuration;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// Configuration a test replaces while a host runs, raising the same change notification an edited appsettings.json
/// would (what IOptionsMonitor listens to), without waiting on a file watcher.
/// </summary>
public sealed class ReloadableConfiguration(IDictionary<string, string?> initial) : ConfigurationProvider, IConfigurationSource
{
    private IDictionary<string, string?> _current = initial;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override void Load() => Data = new Dictionary<string, string?>(_current, StringComparer.OrdinalIgnoreCase);

    /// <summary>Swaps the whole content and notifies listeners.</summary>
    public void Replace(IDictionary<string, string?> settings)
    {
        _current = settings;
        Load();
        OnReload();
    }
}
