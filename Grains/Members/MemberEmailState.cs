namespace Orleans.Netflix.Grains.Members;

[GenerateSerializer, Alias("netflix.MemberEmailState")]
public sealed class MemberEmailState
{
    /// <summary>The member id holding the email; null when nobody does.</summary>
    [Id(0)] public string? Owner { get; set; }
}
