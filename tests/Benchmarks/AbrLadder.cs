using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>A ladder the ABR benchmark plays: nominal bitrates (kb/s, lowest first), or null for the title ingested through the pipeline.</summary>
public sealed record AbrLadder(IReadOnlyList<double>? Kbps)
{
    public static readonly AbrLadder Title = new((IReadOnlyList<double>?)null);

    public bool IsTitle => Kbps is null;

    public string Name => Kbps is null ? "ingested title" : string.Join(',', Kbps);

    /// <summary><c>title</c>, or bitrates in kb/s separated by commas, rising.</summary>
    public static AbrLadder Parse(string text)
    {
        if (text == "title") return Title;
        var kbps = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
                throw new ArgumentException($"--ladder takes 'title' or rising bitrates in kb/s such as 400,800,1500, not '{text}'");
            if (kbps.Count > 0 && value <= kbps[^1]) throw new ArgumentException($"--ladder bitrates must rise, lowest first: {value} after {kbps[^1]} in '{text}'");
            kbps.Add(value);
        }
        return new AbrLadder(kbps);
    }

    public override string ToString() => Name;
}
