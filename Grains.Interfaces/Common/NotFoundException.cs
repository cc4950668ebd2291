namespace Orleans.Netflix.Common;

/// <summary>The entity behind a grain has never been created: callers get this, never a blank object.</summary>
[GenerateSerializer, Alias("netflix.NotFoundException")]
public sealed class NotFoundException : Exception
{
    public NotFoundException(string kind, string id) : base($"{kind} '{id}' not found")
    {
        Kind = kind;
        EntityId = id;
    }

    [Id(0)] public string Kind { get; }
    [Id(1)] public string EntityId { get; }
}
