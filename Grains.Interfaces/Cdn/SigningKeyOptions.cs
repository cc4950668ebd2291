namespace Orleans.Netflix.Cdn;

/// <summary>One signing key as configuration holds it (<c>{ "Id": "k1", "Secret": "base64…" }</c>), shared by steering and edges.</summary>
public sealed class SigningKeyOptions
{
    public string Id { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary>The configured keys, checked: at least one, at most two (the active pair during a rotation), ids unique.</summary>
    public static IReadOnlyList<SigningKey> Parse(IReadOnlyCollection<SigningKeyOptions> keys)
    {
        if (keys.Count is 0 or > 2) throw new ArgumentException($"{keys.Count} signing keys configured: one or two (during a rotation) are needed");
        var parsed = keys.Select(k => SigningKey.Parse(k.Id, k.Secret)).ToArray();
        if (parsed.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count() != parsed.Length) throw new ArgumentException("two signing keys share one id");
        return parsed;
    }
}
