using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.Netflix.Common;

/// <summary>
/// Which grain interface methods are <see cref="TrustedTierOnlyAttribute"/> (on the method, or on its interface for all of
/// its methods), each looked up once per method and cached: the filters ask on every call.
/// </summary>
public static class TrustedTierMethods
{
    private static readonly ConcurrentDictionary<MethodInfo, string?> Names = new();

    /// <summary>The method's name as <c>Interface.Method</c> when it is for the trusted tier only; null when anyone may call it.</summary>
    public static string? ProtectedName(MethodInfo? interfaceMethod) =>
        interfaceMethod is null ? null : Names.GetOrAdd(interfaceMethod, static method =>
            method.IsDefined(typeof(TrustedTierOnlyAttribute), inherit: false)
            || method.DeclaringType?.IsDefined(typeof(TrustedTierOnlyAttribute), inherit: false) == true
                ? $"{method.DeclaringType?.Name}.{method.Name}"
                : null);
}
