namespace Orleans.Netflix.EdgeServer.Observability;

/// <summary>What the media endpoint served for one request, left for <see cref="EdgeAccounting"/> to count once the response is written.</summary>
public sealed record ServedObject(bool FromCache, string SessionId)
{
    public const string ItemKey = "netflix.served";
}

/// <summary>
/// Counts every response by status, and for media responses the bytes actually sent (the range of a
/// 206, nothing for HEAD or 304): what load reports and the bytes-by-source metric are made of.
/// </summary>
public static class EdgeAccounting
{
    public static IApplicationBuilder UseEdgeAccounting(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<EdgeMetrics>();
        var traffic = app.ApplicationServices.GetRequiredService<EdgeTraffic>();
        return app.Use(async (context, next) =>
        {
            await next(context);
            metrics.Request(context.Response.StatusCode);
            if (context.Items[ServedObject.ItemKey] is not ServedObject served) return;
            var sent = HttpMethods.IsHead(context.Request.Method) ? 0 : context.Response.ContentLength ?? 0;
            metrics.Served(served.FromCache, sent);
            traffic.Served(served.SessionId, sent);
        });
    }
}
