using System.Globalization;

namespace Orleans.Netflix.Web;

/// <summary>A BCP 47 tag as a member reads it ("en" → "English"); an unknown tag as it is.</summary>
public static class Languages
{
    public static string Name(string tag)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag);
            return string.IsNullOrEmpty(culture.EnglishName) || culture.EnglishName.StartsWith("Unknown", StringComparison.Ordinal) ? tag : culture.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return tag;
        }
    }
}
