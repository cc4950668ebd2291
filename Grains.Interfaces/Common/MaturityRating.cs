namespace Orleans.Netflix.Common;

/// <summary>Netflix-style maturity levels; the number is the minimum age.</summary>
public enum MaturityRating
{
    All = 0,
    Age7 = 7,
    Age13 = 13,
    Age16 = 16,
    Age18 = 18,
}

public static class MaturityRatings
{
    public static string Label(this MaturityRating rating) => rating == MaturityRating.All ? "All" : $"{(int)rating}+";

    public static bool TryParse(string? text, out MaturityRating rating)
    {
        rating = MaturityRating.All;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim().TrimEnd('+');
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase)) return true;
        if (int.TryParse(trimmed, out var age) && Enum.IsDefined(typeof(MaturityRating), age))
        {
            rating = (MaturityRating)age;
            return true;
        }
        return Enum.TryParse(trimmed, ignoreCase: true, out rating) && Enum.IsDefined(rating);
    }
}
