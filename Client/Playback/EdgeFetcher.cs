using System.Security.Cryptography;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// Fetches a title's files from the steered edges: from the current one, and when it fails (an HTTP
/// error, no answer within the request timeout, or bytes that do not match the title's SHA-256 index)
/// from the next one in rank order, which every later request then uses too. Counts the bytes each edge
/// delivered and records every switch with its reason.
/// </summary>
public sealed class EdgeFetcher(HttpClient http, IReadOnlyList<ManifestEdge> edges, IReadOnlyDictionary<string, string> sha256ByTitlePath, TimeSpan requestTimeout)
{
    private readonly EdgeCursor _edges = new(edges);
    private readonly List<EdgeSwitch> _switches = [];
    private readonly Dictionary<string, long> _bytesPerEdge = new(StringComparer.Ordinal);

    public string CurrentEdgeId => _edges.Current.EdgeId;

    public IReadOnlyList<EdgeSwitch> Switches => _switches;

    public IReadOnlyDictionary<string, long> BytesPerEdge => _bytesPerEdge;

    /// <summary>One file by its path in the title's folder; <paramref name="position"/> only labels a switch.</summary>
    /// <exception cref="PlaybackFailedException">Every steered edge failed for it.</exception>
    public async Task<byte[]> FetchAsync(string titlePath, TimeSpan position, CancellationToken cancellationToken)
    {
        while (true)
        {
            string reason;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(requestTimeout);
                using var response = await http.GetAsync(_edges.Url(titlePath), HttpCompletionOption.ResponseContentRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                    if (!sha256ByTitlePath.TryGetValue(titlePath, out var expected) || Convert.ToHexStringLower(SHA256.HashData(bytes)) == expected)
                    {
                        _bytesPerEdge[CurrentEdgeId] = _bytesPerEdge.GetValueOrDefault(CurrentEdgeId) + bytes.Length;
                        return bytes;
                    }
                    reason = $"{titlePath}: bytes do not match the index";
                }
                else reason = $"{titlePath}: HTTP {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"{titlePath}: no answer within {requestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                reason = $"{titlePath}: {e.Message}";
            }
            var from = CurrentEdgeId;
            if (!_edges.MoveNext()) throw new PlaybackFailedException($"every steered edge failed; the last, {from}: {reason}");
            _switches.Add(new EdgeSwitch(position, from, CurrentEdgeId, reason));
        }
    }
}
