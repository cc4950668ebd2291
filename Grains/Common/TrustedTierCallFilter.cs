using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// Refuses a call of a <see cref="TrustedTierOnlyAttribute"/> method (steering, leases, chunk encodes, edge registry writes,
/// imports, admin writes) unless it carries a <see cref="TrustedTierCredential"/> that verifies for this grain and method:
/// made by another silo of the cluster for its grains' calls, or by a trusted-tier client holding the tier key
/// (see <see cref="TrustedTierCredentialFilter"/>). Everyone else, such as a device calling the grains directly, gets an
/// <see cref="UntrustedCallerException"/> before the method body runs. Other methods pass untouched.
/// </summary>
public sealed class TrustedTierCallFilter(TrustedTierCredential credential) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var method = TrustedTierMethods.ProtectedName(context.InterfaceMethod);
        if (method is null) return context.Invoke();
        if (!credential.Verify(RequestContext.Get(TrustedTierCredential.ContextKey), context.TargetId, method))
            throw new UntrustedCallerException(method);
        // Spent: the grain's own calls carry their own credentials, so this one does not travel further.
        RequestContext.Remove(TrustedTierCredential.ContextKey);
        return context.Invoke();
    }
}
