namespace Orleans.Netflix.Common;

/// <summary>
/// A call to a <see cref="TrustedTierOnlyAttribute"/> grain method from outside the cluster without a valid trusted-tier
/// credential (a device calling the grains directly): refused by the silo before the method body runs.
/// </summary>
[GenerateSerializer, Alias("netflix.UntrustedCallerException")]
public sealed class UntrustedCallerException : UnauthorizedAccessException
{
    public UntrustedCallerException(string method)
        : base($"{method} is for the trusted tier only: it needs a credential made with the trusted tier key ({TierKey.Setting}); devices go through the service")
    {
        Method = method;
    }

    /// <summary>The refused method, as <c>Interface.Method</c>.</summary>
    [Id(0)] public string Method { get; }
}
