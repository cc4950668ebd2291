namespace Orleans.Netflix.Client.Commands;

/// <summary>
/// Source files whose names start with a dash ("-take 2.mp4"): Spectre reads any token starting with '-' as options,
/// so <c>ingest -take2.mp4</c> would fail as "unknown option". Such a token names the source when that file exists (it
/// is passed on as ./-take2.mp4); otherwise it is refused with one line saying how to write it.
/// </summary>
public static class IngestArguments
{
    /// <summary>The arguments to hand to Spectre, or the one-line error that refuses them.</summary>
    public static (string[] Args, string? Error) Normalize(string[] args, Func<string, bool> fileExists)
    {
        if (args is not ["ingest", ..]) return (args, null);
        var result = args.ToArray();
        for (var i = 1; i < result.Length; i++)
        {
            var token = result[i];
            if (token == "--") break;
            // "-t", "-h" and "--option" are options; a longer single-dash token is no option ingest has.
            if (!token.StartsWith('-') || token.StartsWith("--", StringComparison.Ordinal) || token.Length <= 2) continue;
            if (!fileExists(token))
                return (args, $"error: '{token}' is neither an option of ingest nor a file here; a source whose name starts with '-' is written ./{token}");
            result[i] = "./" + token;
        }
        return (result, null);
    }
}
