using Microsoft.AspNetCore.Antiforgery;

namespace Orleans.Netflix.Web.Api;

/// <summary>
/// Every API call that changes something carries the antiforgery token (header <c>X-CSRF-TOKEN</c>, or the form field
/// for the player's stop beacon), bound to the signed-in member; a request forged from another site has no token.
/// </summary>
public sealed class AntiforgeryOnWrites(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: $"missing or invalid antiforgery token: send the token from GET /api/antiforgery in the {HeaderName} header");
        }
        return await next(context);
    }
}
