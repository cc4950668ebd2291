namespace Orleans.Netflix.Common;

/// <summary>
/// Marks a grain interface, or one of its methods, that devices must never call directly: only grains of the
/// cluster itself or a trusted tier (the website, the edges, an operator's console) holding the tier key may.
/// The silo's trusted-tier call filter refuses everyone else before the method body runs.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class TrustedTierOnlyAttribute : Attribute;
