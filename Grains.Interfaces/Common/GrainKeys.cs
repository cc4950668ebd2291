namespace Orleans.Netflix.Common;

/// <summary>The one rule for what a member, title or other entity id may look like.</summary>
public static class GrainKeys
{
    public const int MaxLength = 128;

    /// <summary>Null when <paramref name="id"/> is acceptable, otherwise why it is not.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return "id is empty";
        if (id.Length > MaxLength) return $"id is longer than {MaxLength} characters ({id.Length})";
        if (id.Any(char.IsControl)) return "id contains control characters";
        if (id.Trim().Length != id.Length) return "id has leading or trailing whitespace";
        return null;
    }

    /// <summary>Throws <see cref="InvalidIdException"/> when <paramref name="id"/> is not acceptable.</summary>
    public static string Validate(string? id, string kind)
    {
        var problem = Problem(id);
        if (problem is not null) throw new InvalidIdException(kind, problem);
        return id!;
    }
}
