using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Netflix.Client.Output;

/// <summary>The one JSON shape of everything the client prints with --json.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
