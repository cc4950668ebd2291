using System.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Regions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Netflix.EdgeServer.Origin;

/// <summary>
/// The origin client's resilience pipeline (Microsoft.Extensions.Http.Resilience): each attempt gets
/// <see cref="EdgeOptions.OriginTimeout"/> to answer with headers, and an attempt that fails (no connection, an error
/// status, more or fewer bytes announced than the index lists, or no answer in time) is retried at once against the next
/// configured origin, until every origin was tried once. What the last origin said reaches the caller.
/// </summary>
public static class OriginFailover
{
    /// <summary>Where a pull stands: set on the request so the pipeline can move it to the next origin.</summary>
    internal static readonly HttpRequestOptionsKey<OriginPull> PullKey = new("netflix.origin-pull");

    /// <summary>Registers <see cref="OriginClient"/> with the failover pipeline in front of its HttpClient.</summary>
    public static IServiceCollection AddOriginClient(this IServiceCollection services)
    {
        // No HttpClient-wide timeout: the pipeline bounds each origin's attempt, and all of them together may take longer.
        services.AddHttpClient<OriginClient>(http => http.Timeout = Timeout.InfiniteTimeSpan).AddResilienceHandler("origin-failover", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<EdgeOptions>>().Value;
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // Polly needs at least one retry configured; with a single origin ShouldHandle never asks for it.
                MaxRetryAttempts = Math.Max(1, OriginClient.OriginsOf(options, context.ServiceProvider.GetRequiredService<RegionDirectory>()).Count - 1),
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                ShouldHandle = args => ValueTask.FromResult(
                    PullOf(args.Context) is { } pull && args.AttemptNumber + 1 < pull.Origins.Count && Failed(args.Outcome, pull)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage()!;
                    var pull = PullOf(args.Context)!;
                    pull.Attempt = args.AttemptNumber + 1;
                    pull.AttemptStarted = Stopwatch.GetTimestamp();
                    request.RequestUri = pull.CurrentUrl;
                    return ValueTask.CompletedTask;
                },
            });
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.OriginTimeout });
        });
        return services;
    }

    private static OriginPull? PullOf(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(PullKey, out var pull) ? pull : null;

    private static bool Failed(Outcome<HttpResponseMessage> outcome, OriginPull pull) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => pull.Refusal(response) is not null,
        _ => false,
    };
}

/// <summary>One pull of <see cref="AssetPath"/> across the origins, in order; <see cref="Attempt"/> is the origin being asked.</summary>
internal sealed class OriginPull(IReadOnlyList<string> origins, string assetPath, long expectedBytes)
{
    public IReadOnlyList<string> Origins { get; } = origins;

    public string AssetPath { get; } = assetPath;

    public int Attempt { get; set; }

    /// <summary>When the current attempt began (<see cref="Stopwatch.GetTimestamp"/>): the body must arrive within the same timeout.</summary>
    public long AttemptStarted { get; set; } = Stopwatch.GetTimestamp();

    public string CurrentOrigin => Origins[Attempt];

    public Uri CurrentUrl => UrlOf(CurrentOrigin, AssetPath);

    public static Uri UrlOf(string origin, string assetPath) => new(new Uri(origin.EndsWith('/') ? origin : origin + "/"), assetPath);

    /// <summary>Why the response cannot be used (an error status, or a size other than the index's), or null.</summary>
    public string? Refusal(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            return $"Response status code does not indicate success: {(int)response.StatusCode} ({response.ReasonPhrase}).";
        return response.Content.Headers.ContentLength is { } announced && announced != expectedBytes
            ? $"origin {CurrentOrigin} announces {announced} bytes for {AssetPath}, the index lists {expectedBytes}"
            : null;
    }
}
