using System.Net;
using System.Net.Sockets;

namespace Orleans.Netflix.Client.Connection;

/// <summary>
/// Whether anything listens at a cluster's gateways. An Orleans client keeps retrying refused connections until its
/// connect timeout, so a region that is down would look merely slow; a refused TCP connection says at once that it
/// is down, while a gateway that accepts (or does not answer in time) gets the client's full connect timeout.
/// </summary>
public static class GatewayProbe
{
    /// <summary>False only when every gateway refused a connection within <paramref name="timeout"/>.</summary>
    public static async Task<bool> AnyMayListenAsync(IReadOnlyCollection<IPEndPoint> gateways, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var answers = await Task.WhenAll(gateways.Select(async gateway =>
        {
            try
            {
                using var socket = new Socket(gateway.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(gateway, deadline.Token);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return true; // no answer is not a refusal: leave it to the client's own timeout
            }
        }));
        return answers.Any(listens => listens);
    }
}
