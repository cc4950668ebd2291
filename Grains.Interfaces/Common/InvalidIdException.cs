namespace Orleans.Netflix.Common;

/// <summary>An id that breaks <see cref="GrainKeys"/>' rule, refused before any grain code runs.</summary>
[GenerateSerializer, Alias("netflix.InvalidIdException")]
public sealed class InvalidIdException : ArgumentException
{
    public InvalidIdException(string kind, string problem) : base($"invalid {kind} id: {problem}")
    {
        Kind = kind;
        Problem = problem;
    }

    [Id(0)] public string Kind { get; }
    [Id(1)] public string Problem { get; }
}
