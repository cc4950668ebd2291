using System.Security.Cryptography;
using System.Text;

namespace Orleans.Netflix.Grains.Media;

/// <summary>Folder names from ids: the id itself when it is plainly safe, otherwise a hash of it.</summary>
public static class SafeNames
{
    public static string Folder(string id) =>
        id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !id.StartsWith('.')
            ? id
            : "id-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..24];
}
