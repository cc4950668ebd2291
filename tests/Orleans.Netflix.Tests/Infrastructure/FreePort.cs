using System.Net;
using System.Net.Sockets;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// Loopback ports for servers the tests start. Taken below Linux's ephemeral range (32768 and up), where
/// outgoing connections get their local ports, so a port found free is not handed to a client a moment later.
/// </summary>
public static class FreePort
{
    private const int Low = 20_000;
    private const int High = 32_000;

    /// <summary>A loopback TCP port nothing listens on right now.</summary>
    public static int Next() => Block(1);

    /// <summary>The first of <paramref name="count"/> consecutive free ports (a region's silos take base port + instance).</summary>
    public static int Block(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(Low, High - count);
            if (Enumerable.Range(first, count).All(IsFree)) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free ports between {Low} and {High}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
