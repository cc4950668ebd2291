using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Web.Api;

/// <summary>The API's refusals as RFC 7807 problem details, each with a status a device can act on.</summary>
public static class ApiProblems
{
    public static IResult BadRequest(string detail) => Results.Problem(statusCode: 400, title: "Invalid request", detail: detail);

    public static IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "Not found", detail: detail);

    public static IResult Conflict(string detail) => Results.Problem(statusCode: 409, title: "Not possible now", detail: detail);

    public static IResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: 429, title: "Too many attempts", detail: "Too many failed sign-ins. Wait and try again.");
    }

    /// <summary>A refused play: 403 when this member may never play it as things stand, 404 for no such title, 409 when it may work later.</summary>
    public static IResult Refused(PlaybackRefusal refusal) => Results.Problem(
        statusCode: refusal.Reason switch
        {
            RefusalReason.MaturityAboveLimit or RefusalReason.PlanExcludesResolution or RefusalReason.UnknownMember => 403,
            RefusalReason.UnknownTitle => 404,
            _ => 409,
        },
        title: "Playback refused",
        detail: refusal.Message,
        extensions: new Dictionary<string, object?> { ["reason"] = refusal.Reason.ToString() });

    public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
}
