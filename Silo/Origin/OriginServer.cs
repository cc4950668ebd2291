using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Silo.Origin;

/// <summary>
/// The region's origin storage over HTTP, read-only: <c>GET|HEAD /origin/{path}</c> for files under
/// <c>Netflix:Ingest:OriginRoot</c>, with Range and ETag from ASP.NET Core's static file middleware.
/// Its file provider never leaves the root and hides dot-prefixed entries (the publisher's staging
/// folders). Edges pull from here on a miss, other regions' copiers to replicate; players never see it.
/// It listens only on the address and port it is given (the silo's advertised address and <c>Netflix:OriginPort</c>;
/// port 0 turns it off) and answers 401, without a byte, to any request that lacks the trusted tier's origin
/// credential (<see cref="OriginCredentials"/>).
/// </summary>
public sealed class OriginServer(IPAddress address, int port, IOptions<IngestOptions> ingest, TierKey tierKey, ILogger<OriginServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Media files as <see cref="MediaContentTypes"/> types them (as the edges send them on); anything else by ASP.NET Core's own table.</summary>
    public static IContentTypeProvider ContentTypes() => new MediaContentTypeProvider();

    private sealed class MediaContentTypeProvider : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _others = new();

        public bool TryGetContentType(string subpath, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string contentType)
        {
            contentType = MediaContentTypes.Find(subpath);
            return contentType is not null || _others.TryGetContentType(subpath, out contentType);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(ingest.Value.OriginRoot);
        Directory.CreateDirectory(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            if (OriginCredentials.Accepts(tierKey, context.Request.Headers.Authorization)) return next(context);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = OriginCredentials.Scheme;
            return Task.CompletedTask;
        });
        _app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            RequestPath = "/origin",
            ContentTypeProvider = ContentTypes(),
            ServeUnknownFileTypes = false,
        });
        _app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await _app.StartAsync(cancellationToken);
        logger.LogInformation("Origin storage {Root} served at http://{Address}:{Port}/origin/", root, address, port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
