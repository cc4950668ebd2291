using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Orleans.Netflix.EdgeServer.Registration;

/// <summary>
/// The base URL players reach this edge at: configured (<c>Edge:PublicUrl</c>), or the first address
/// Kestrel listens on, read when asked, so a heartbeat sent the moment the server has started already
/// carries it (it is empty only before Kestrel has bound).
/// </summary>
public sealed class EdgeAddress(IServer server, string configuredUrl)
{
    public string PublicUrl =>
        !string.IsNullOrEmpty(configuredUrl) ? configuredUrl
        : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
}
