using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Web.Errors;

/// <summary>
/// One place that turns a failure into what a member or a device sees: RFC 7807 problem details under /api, a plain
/// page elsewhere, never a stack trace. A region whose cluster does not answer is 503 with Retry-After.
/// </summary>
public static class WebErrors
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static (int Status, string Title, string Detail) Describe(Exception exception) => exception switch
    {
        NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
        InvalidIdException e => (StatusCodes.Status400BadRequest, "Invalid request", e.Message),
        BadHttpRequestException e => (e.StatusCode, "Invalid request", e.Message),
        // The region's database restarting or unreachable: the call changed nothing the member can count on; retrying is safe.
        StorageUnavailableException => (StatusCodes.Status503ServiceUnavailable, "This region is unavailable",
            "The service cannot save or load this right now. Try again in a few seconds."),
        _ when IsUnreachable(exception) => (StatusCodes.Status503ServiceUnavailable, "This region is unavailable",
            "The service cannot reach its region right now. Try again in a few seconds."),
        _ => (StatusCodes.Status500InternalServerError, "Something went wrong", "The request failed. Try again later."),
    };

    /// <summary>The region's cluster did not answer: no gateway, a refused connection, or no answer in time.</summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                or GatewayTooBusyException or ClientNotAvailableException) return true;
            // The connection layer's own exception type is not public.
            if (e.GetType().Name == "ConnectionFailedException") return true;
            if (e is OrleansException && e.Message.Contains("gateway", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>For <c>UseExceptionHandler</c>: answers an exception that reached the top of the pipeline.</summary>
    public static async Task HandleExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, title, detail) = exception is null ? (500, "Something went wrong", "The request failed.") : Describe(exception);
        if (status >= 500 && exception is not null)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Netflix.Web.Errors");
            // An unreachable region is an expected outage, not a bug: one line, no stack trace.
            if (status == StatusCodes.Status503ServiceUnavailable)
                logger.LogWarning("{Method} {Path}: region unreachable ({Reason})", context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
            else
                logger.LogError(exception, "{Method} {Path} failed with {Status}", context.Request.Method, context.Request.Path, status);
        }
        await WriteAsync(context, status, title, detail);
    }

    /// <summary>For <c>UseStatusCodePages</c>: a body for an empty 4xx/5xx answer (an unknown route, a refused call).</summary>
    public static Task HandleStatusCodeAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (title, detail) = status switch
        {
            404 => ("Not found", "There is nothing at this address."),
            401 => ("Sign in required", "Sign in to continue."),
            403 => ("Not allowed", "This is not available to you."),
            429 => ("Too many attempts", "Too many attempts. Wait a minute and try again."),
            503 => ("This region is unavailable", "The service cannot reach its region right now. Try again in a few seconds."),
            _ => (((HttpStatusCode)status).ToString(), "The request could not be served."),
        };
        return WriteAsync(http, status, title, detail);
    }

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "5";
        if (IsApi(context))
        {
            await Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(ErrorPage(status, title, detail));
    }

    private static string ErrorPage(int status, string title, string detail)
    {
        var t = WebUtility.HtmlEncode(title);
        var d = WebUtility.HtmlEncode(detail);
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{t} · Orleans.Netflix</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><header class="bar"><a class="brand" href="/">ORLEANS.NETFLIX</a></header>
            <main class="error"><h1>{t}</h1><p>{d}</p><p class="status">{status}</p><p><a href="/">Back to the home screen</a></p></main></body></html>
            """;
    }
}
