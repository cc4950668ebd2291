using System.Net;
using System.Net.Sockets;

namespace Orleans.Netflix.Hosting;

/// <summary>
/// A gateway as the processes take it on their command lines and in configuration (<c>--gateway HOST:PORT</c>): an IP address
/// (IPv6 in brackets) or a host name, and a port. Every process parses it here, so a bad one reads the same everywhere.
/// </summary>
public static class GatewayEndpoint
{
    /// <summary>The endpoint, or an <see cref="ArgumentException"/> that names the bad entry.</summary>
    public static IPEndPoint Parse(string gateway)
    {
        var text = gateway.Trim();
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0) return endpoint;

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is <= 0 or > 65535 || text[..colon].Contains(':'))
            throw new ArgumentException($"gateway '{gateway}' is not HOST:PORT (e.g. 127.0.0.1:30000)");
        var host = text[..colon];
        try
        {
            var address = Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new ArgumentException($"gateway host '{host}' does not resolve");
            return new IPEndPoint(address, port);
        }
        catch (SocketException)
        {
            throw new ArgumentException($"gateway host '{host}' does not resolve");
        }
    }
}
