using System.Security.Cryptography;
using Microsoft.Extensions.Http.Resilience;
using Orleans.Netflix.Playback;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// Fetches a title's files from the steered edges: from the current one, and when it fails (an HTTP
/// error, no answer within the request timeout, or bytes that do not match the title's SHA-256 index)
/// from the next one in rank order, which every later request then uses too. Counts the bytes each edge
/// delivered and records every switch with its reason. A resilience pipeline does the trying: a timeout
/// per attempt, inside a retry that moves to the next steered edge at once.
/// </summary>
public sealed class EdgeFetcher
{
    private static readonly ResiliencePropertyKey<string> TitlePathKey = new("netflix.title-path");
    private static readonly ResiliencePropertyKey<TimeSpan> PositionKey = new("netflix.position");

    private readonly HttpClient _http;
    private readonly EdgeCursor _edges;
    private readonly IReadOnlyDictionary<string, string> _sha256ByTitlePath;
    private readonly TimeSpan _requestTimeout;
    private readonly ResiliencePipeline<EdgeAnswer> _pipeline;
    private readonly List<EdgeSwitch> _switches = [];
    private readonly Dictionary<string, long> _bytesPerEdge = new(StringComparer.Ordinal);

    public EdgeFetcher(HttpClient http, IReadOnlyList<ManifestEdge> edges, IReadOnlyDictionary<string, string> sha256ByTitlePath, TimeSpan requestTimeout)
    {
        _http = http;
        _edges = new EdgeCursor(edges);
        _sha256ByTitlePath = sha256ByTitlePath;
        _requestTimeout = requestTimeout;
        _pipeline = new ResiliencePipelineBuilder<EdgeAnswer>()
            .AddRetry(new RetryStrategyOptions<EdgeAnswer>
            {
                // At once and never the same edge twice: every try after a failure goes to the next steered edge, while one is left.
                MaxRetryAttempts = Math.Max(1, edges.Count),
                Delay = TimeSpan.Zero,
                ShouldHandle = args => ValueTask.FromResult(_edges.HasNext && FailureOf(args.Outcome, args.Context) is not null),
                OnRetry = args =>
                {
                    var from = CurrentEdgeId;
                    _edges.MoveNext();
                    _switches.Add(new EdgeSwitch(args.Context.Properties.GetValue(PositionKey, TimeSpan.Zero), from, CurrentEdgeId,
                        FailureOf(args.Outcome, args.Context)!));
                    return default;
                },
            })
            // Per try: an edge that has not delivered the whole file within it counts as stalled.
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = requestTimeout })
            .Build();
    }

    public string CurrentEdgeId => _edges.Current.EdgeId;

    public IReadOnlyList<EdgeSwitch> Switches => _switches;

    public IReadOnlyDictionary<string, long> BytesPerEdge => _bytesPerEdge;

    /// <summary>One file by its path in the title's folder; <paramref name="position"/> only labels a switch.</summary>
    /// <exception cref="PlaybackFailedException">Every steered edge failed for it.</exception>
    public async Task<byte[]> FetchAsync(string titlePath, TimeSpan position, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(TitlePathKey, titlePath);
            context.Properties.Set(PositionKey, position);
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (context, fetcher) => fetcher.TryCurrentEdgeAsync(context), context, this);
            if (outcome.Result?.Bytes is { } bytes)
            {
                _bytesPerEdge[CurrentEdgeId] = _bytesPerEdge.GetValueOrDefault(CurrentEdgeId) + bytes.Length;
                return bytes;
            }
            if (FailureOf(outcome, context) is { } reason) throw new PlaybackFailedException($"every steered edge failed; the last, {CurrentEdgeId}: {reason}");
            outcome.ThrowIfException(); // cancelled, or something no edge can fix
            throw new InvalidOperationException("an edge's answer had neither bytes nor a failure");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One try at the current edge; failures come back as outcomes, for the pipeline to judge.</summary>
    private async ValueTask<Outcome<EdgeAnswer>> TryCurrentEdgeAsync(ResilienceContext context)
    {
        var titlePath = context.Properties.GetValue(TitlePathKey, "");
        try
        {
            using var response = await _http.GetAsync(_edges.Url(titlePath), HttpCompletionOption.ResponseContentRead, context.CancellationToken);
            if (!response.IsSuccessStatusCode) return Outcome.FromResult(EdgeAnswer.Failed($"HTTP {(int)response.StatusCode}"));
            var bytes = await response.Content.ReadAsByteArrayAsync(context.CancellationToken);
            return Outcome.FromResult(!_sha256ByTitlePath.TryGetValue(titlePath, out var expected) || Convert.ToHexStringLower(SHA256.HashData(bytes)) == expected
                ? new EdgeAnswer(bytes, null)
                : EdgeAnswer.Failed("bytes do not match the index"));
        }
        catch (Exception e)
        {
            return Outcome.FromException<EdgeAnswer>(e);
        }
    }

    /// <summary>Why the edge failed the file, as a switch records it; null for a success, or an end no other edge changes (cancelled by the caller).</summary>
    private string? FailureOf(Outcome<EdgeAnswer> outcome, ResilienceContext context)
    {
        var titlePath = context.Properties.GetValue(TitlePathKey, "");
        return outcome switch
        {
            { Result.Failure: { } failure } => $"{titlePath}: {failure}",
            { Exception: TimeoutRejectedException } => $"{titlePath}: no answer within {_requestTimeout.TotalSeconds:0.#} s",
            { Exception: HttpRequestException e } => $"{titlePath}: {e.Message}",
            // The HttpClient's own timeout, not the caller's cancellation.
            { Exception: OperationCanceledException e } when !context.CancellationToken.IsCancellationRequested => $"{titlePath}: {e.Message}",
            _ => null,
        };
    }

    /// <summary>An edge's answer to one request: the file's bytes, or why they cannot be used.</summary>
    private sealed record EdgeAnswer(byte[]? Bytes, string? Failure)
    {
        public static EdgeAnswer Failed(string failure) => new(null, failure);
    }
}
