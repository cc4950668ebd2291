using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// The key steering signs new tokens with (<see cref="CdnOptions.CurrentKeyId"/> among <see cref="CdnOptions.SigningKeys"/>),
/// re-read whenever the configuration changes, so a silo rotates keys without a restart. Rotation: give the edges the next
/// key beside the current one, then make it current here, then, once the old key's tokens have lapsed, drop the old key
/// everywhere. A change that does not parse is logged and ignored: the key in force stays.
/// </summary>
public sealed class CurrentSigningKey : IDisposable
{
    private readonly ILogger<CurrentSigningKey> _logger;
    private readonly IDisposable? _subscription;
    private volatile SigningKey _key;

    public CurrentSigningKey(IOptionsMonitor<CdnOptions> options, ILogger<CurrentSigningKey> logger)
    {
        _logger = logger;
        _key = options.CurrentValue.SigningKey();
        _subscription = options.OnChange(Reload);
    }

    public SigningKey Key => _key;

    private void Reload(CdnOptions options)
    {
        try
        {
            var next = options.SigningKey();
            if (next.Id == _key.Id && next.Secret.AsSpan().SequenceEqual(_key.Secret)) return;
            _key = next;
            _logger.LogInformation("Steering now signs with key {Id}", next.Id);
        }
        catch (ArgumentException e)
        {
            _logger.LogError("Signing keys in the changed configuration are not usable ({Problem}); still signing with {Id}", e.Message, _key.Id);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
