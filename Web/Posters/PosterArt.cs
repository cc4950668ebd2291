using System.Globalization;
using System.Net;
using System.Text;
using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Web.Posters;

/// <summary>
/// A generated poster for one artwork variant of a title, as SVG (2:3): the title's name over a gradient in its first
/// genre's colours. The variant's tags change it visibly: a mood sets light, saturation and an accent shape, a
/// featured cast member is named across the poster. Stands in for artwork picked from the title's own frames.
/// </summary>
public static class PosterArt
{
    public const int Width = 200;
    public const int Height = 300;

    public static string Render(TitleView title, ArtworkVariant variant)
    {
        var genre = title.Metadata.Genres.FirstOrDefault() ?? "";
        var hue = GenreHue(genre);
        var mood = Tag(variant, "mood:") ?? "";
        var cast = Tag(variant, "cast:");
        var (lightness, saturation, accent) = MoodStyle(mood);
        var text = lightness > 55 ? "#111" : "#fff";

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(title.Metadata.Name)}\">"));
        svg.Append("<defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"0.4\" y2=\"1\">");
        svg.Append(Invariant($"<stop offset=\"0\" stop-color=\"hsl({hue},{saturation}%,{lightness + 12}%)\"/>"));
        svg.Append(Invariant($"<stop offset=\"1\" stop-color=\"hsl({(hue + 40) % 360},{saturation}%,{Math.Max(lightness - 20, 4)}%)\"/>"));
        svg.Append("</linearGradient></defs>");
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"url(#g)\"/>"));
        svg.Append(Accent(accent, hue));
        var y = 150 - 12 * Lines(title.Metadata.Name).Count;
        foreach (var line in Lines(title.Metadata.Name))
        {
            svg.Append(Invariant($"<text x=\"100\" y=\"{y}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-weight=\"bold\" font-size=\"22\" fill=\"{text}\">{Escape(line)}</text>"));
            y += 26;
        }
        if (cast is not null)
            svg.Append(Invariant($"<text x=\"100\" y=\"250\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"13\" fill=\"{text}\">starring {Escape(cast)}</text>"));
        svg.Append(Invariant($"<text x=\"100\" y=\"285\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"{text}\" opacity=\"0.8\">{Escape(genre)} · {title.Metadata.Year}</text>"));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string? Tag(ArtworkVariant variant, string prefix) =>
        variant.Tags.FirstOrDefault(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))?[prefix.Length..];

    /// <summary>Light, saturation and accent shape for a mood: dark art is dark, romantic art is soft, action art is loud.</summary>
    private static (int Lightness, int Saturation, string Accent) MoodStyle(string mood) => mood.ToLowerInvariant() switch
    {
        "dark" => (14, 35, "moon"),
        "romantic" => (62, 55, "heart"),
        "funny" => (66, 85, "dots"),
        "tense" => (26, 70, "slash"),
        "heartwarming" => (58, 65, "sun"),
        "action" => (40, 90, "slash"),
        "mysterious" => (22, 45, "moon"),
        "epic" => (34, 75, "sun"),
        _ => (38, 60, "none"),
    };

    private static string Accent(string accent, int hue) => accent switch
    {
        "moon" => "<circle cx=\"150\" cy=\"60\" r=\"28\" fill=\"#fff\" opacity=\"0.35\"/>",
        "heart" => "<path d=\"M100 215 l-28 -28 a16 16 0 0 1 28 -20 a16 16 0 0 1 28 20 z\" fill=\"#e0245e\" opacity=\"0.7\"/>",
        "dots" => string.Concat(Enumerable.Range(0, 6).Select(i => Invariant($"<circle cx=\"{25 + 30 * i}\" cy=\"40\" r=\"8\" fill=\"hsl({(hue + 180) % 360},90%,55%)\"/>"))),
        "slash" => Invariant($"<polygon points=\"0,230 200,170 200,195 0,255\" fill=\"hsl({(hue + 180) % 360},90%,50%)\" opacity=\"0.8\"/>"),
        "sun" => "<circle cx=\"100\" cy=\"60\" r=\"34\" fill=\"#ffd54a\" opacity=\"0.75\"/>",
        _ => "",
    };

    /// <summary>A stable hue per genre, so a genre's posters share their colours.</summary>
    public static int GenreHue(string genre)
    {
        var hash = 17;
        foreach (var c in genre.ToLowerInvariant()) hash = unchecked(hash * 31 + c);
        return (int)((uint)hash % 360);
    }

    /// <summary>The name broken into lines of about 14 characters, at most four.</summary>
    private static List<string> Lines(string name)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > 14)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = current.Length == 0 ? word : current + " " + word;
            }
        }
        if (current.Length > 0) lines.Add(current);
        return lines.Take(4).ToList();
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
