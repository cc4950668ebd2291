using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.EdgeServer.Configuration;

/// <summary>
/// The signing keys tokens are checked with now: <see cref="EdgeOptions.SigningKeys"/>, re-read whenever the
/// configuration changes (appsettings.json edited, a provider reloaded), so keys rotate without a restart. A rotation
/// adds the next key beside the current one (both verify during the overlap), then drops the old one once its
/// tokens have lapsed. A change that does not parse is logged and ignored: the keys in force stay.
/// </summary>
public sealed class SigningKeyRing : IDisposable
{
    private readonly ILogger<SigningKeyRing> _logger;
    private readonly IDisposable? _subscription;
    private volatile IReadOnlyList<SigningKey> _keys;

    public SigningKeyRing(IOptionsMonitor<EdgeOptions> options, ILogger<SigningKeyRing> logger)
    {
        _logger = logger;
        _keys = SigningKeyOptions.Parse(options.CurrentValue.SigningKeys);
        _subscription = options.OnChange(Reload);
    }

    /// <summary>The keys in force.</summary>
    public IReadOnlyList<SigningKey> Keys => _keys;

    /// <summary>Raised after the keys changed (the nginx data plane rewrites its copy and reloads).</summary>
    public event Action<IReadOnlyList<SigningKey>>? Changed;

    private void Reload(EdgeOptions options)
    {
        IReadOnlyList<SigningKey> next;
        try
        {
            next = SigningKeyOptions.Parse(options.SigningKeys);
        }
        catch (ArgumentException e)
        {
            _logger.LogError("Signing keys in the changed configuration are not usable ({Problem}); keeping {Ids}", e.Message, Ids(_keys));
            return;
        }
        if (next.Select(k => (k.Id, Convert.ToBase64String(k.Secret))).SequenceEqual(_keys.Select(k => (k.Id, Convert.ToBase64String(k.Secret))))) return;
        _keys = next;
        _logger.LogInformation("Signing keys now {Ids}", Ids(next));
        Changed?.Invoke(next);
    }

    private static string Ids(IEnumerable<SigningKey> keys) => string.Join(", ", keys.Select(k => k.Id));

    public void Dispose() => _subscription?.Dispose();
}
