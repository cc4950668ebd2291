namespace Orleans.Netflix.Common;

/// <summary>
/// Attaches a <see cref="TrustedTierCredential"/> to every outgoing call of a <see cref="TrustedTierOnlyAttribute"/> method
/// and to nothing else. Registered by <see cref="TrustedTierServiceCollectionExtensions.AddTrustedTierCredential(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
/// in every trusted process: the trusted tier's clients (their calls come from outside any grain context) and the silos
/// themselves, whose grains, system targets and hosted client prove so that a call comes from inside the cluster.
/// </summary>
/// <remarks>
/// Why silos sign too, rather than the receiving silo trusting a call whose <see cref="IGrainCallContext.SourceId"/> is a
/// grain: in Orleans 10 an external client's calls carry its client id (<c>sys.client/…</c>, set by
/// <c>OutsideRuntimeClient.SendRequest</c>), a grain's its grain id and the silo's hosted client
/// <c>sys.client/hosted-&lt;silo&gt;</c> (<c>InsideRuntimeClient.SendRequest</c>), but the gateway forwards a client's message
/// without checking that id against the connection (<c>GatewayInboundConnection.OnReceivedMessage</c> resets only the
/// sending silo), so a doctored client could claim to be a grain. A MAC made with the tier key cannot be claimed.
/// </remarks>
public sealed class TrustedTierCredentialFilter(TrustedTierCredential credential) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        var method = TrustedTierMethods.ProtectedName(context.InterfaceMethod);
        return method is null ? context.Invoke() : InvokeSigned(context, method);
    }

    /// <summary>An async method of its own, so the request context it sets goes with this call only, not back to the caller.</summary>
    private async Task InvokeSigned(IOutgoingGrainCallContext context, string method)
    {
        RequestContext.Set(TrustedTierCredential.ContextKey, credential.Sign(context.TargetId, method));
        await context.Invoke();
    }
}
