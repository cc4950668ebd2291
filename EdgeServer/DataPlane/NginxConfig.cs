using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.EdgeServer.DataPlane;

/// <summary>Where the nginx data plane keeps its files: all inside one folder, so nginx needs nothing under /etc or /var.</summary>
public sealed record NginxLayout(string Folder, string VerifiedLinks)
{
    public string Config => Path.Combine(Folder, "nginx.conf");
    public string Script => Path.Combine(Folder, "edge.js");
    public string ObjectMap => Path.Combine(Folder, "objects.map");
    public string HitLog => Path.Combine(Folder, "served.log");
    public string ErrorLog => Path.Combine(Folder, "error.log");
    public string PidFile => Path.Combine(Folder, "nginx.pid");
    public string Empty => Path.Combine(Folder, "empty");
}

/// <summary>
/// nginx's configuration for one edge. Under <c>/v1/</c> a plain GET or HEAD has its raw target matched by
/// <see cref="TargetPattern"/> and its token checked by the njs handler (<see cref="NginxScript"/>), which names the
/// asset path; a map from asset path to SHA-256 (written from the grain index) finds the object, and nginx sends a
/// verified object's file with sendfile. Anything else (refused: 400/403 without a byte; an object not held or not
/// yet verified; a capped token; a conditional request; another method; /health, /metrics, /player) goes to
/// EdgeServer's internal listener. Every request nginx answers itself is written to a buffered
/// access log that EdgeServer reads for its counters and the eviction policy; proxied ones are counted by EdgeServer.
/// </summary>
public static class NginxConfig
{
    /// <summary>
    /// The raw request target (<c>$request_uri</c>, before nginx decodes it) of a request nginx may answer itself:
    /// <c>/v1/{payload}.{signature}/{asset path}[?query]</c> with EdgePath's allow-list (letters, digits and
    /// <c>. _ - ~ /</c>, no empty, <c>.</c> or <c>..</c> segment, at most 512 characters), a token of at most 1024
    /// characters whose payload is canonical base64url (the unused low bits of its last character zero, as
    /// PlaybackToken checks) and whose signature has the 43 characters of an HMAC-SHA256. Matched by nginx's own PCRE
    /// with JIT, it costs a fraction of what the same checks cost in njs; the captures (<c>$edge_payload</c>,
    /// <c>$edge_signature</c>, the map's value the asset path) are what the script reads. A target that fails it is
    /// sorted into 400 or 403 by the script, the rare path.
    /// </summary>
    public const string TargetPattern =
        @"^/v1/(?=[A-Za-z0-9._~-]{1,1024}/)" +
        @"(?<edge_payload>(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]|[A-Za-z0-9_-][AQgw])?)\.(?<edge_signature>[A-Za-z0-9_-]{43})/" +
        @"(?=[A-Za-z0-9._~/-]{1,512}(?:\?|$))(?<edge_path>(?:(?!\.\.?/)[A-Za-z0-9._~-]+/)*(?!\.\.?(?:\?|$))[A-Za-z0-9._~-]+)(?:\?|$)";

    /// <summary>
    /// One regex location per row of <see cref="MediaContentTypes.Table"/>, in its order (nginx takes the first regex
    /// location that matches, as the table takes its first row), e.g. <c>/audio-[^/]+/[^/]+\.(m4s|mp4)$</c> for audio fMP4.
    /// </summary>
    public static IEnumerable<(string Pattern, string Type)> Types() =>
        MediaContentTypes.Table.Select(row =>
        {
            var extensions = string.Join('|', row.Extensions.Select(e => Regex.Escape(e.TrimStart('.'))));
            var folder = row.InAudioFolder ? $"/{Regex.Escape(MediaContentTypes.AudioFolderPrefix)}[^/]+/[^/]+" : "";
            return ($@"{folder}\.({extensions})$", row.ContentType);
        });

    public static string Write(NginxLayout layout, string listenHost, int listenPort, int internalPort, string njsModule, string buildInfo)
    {
        var temp = new StringBuilder($"client_body_temp_path {Path.Combine(layout.Folder, "client_body")};");
        foreach (var module in new[] { "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            if (!buildInfo.Contains($"--without-http_{module}_module", StringComparison.Ordinal))
                temp.Append(CultureInfo.InvariantCulture, $"\n    {module}_temp_path {Path.Combine(layout.Folder, module)};");
        }
        // As root, workers would switch to 'nobody', who may not read the cache; they run as the edge's own user.
        var user = Environment.IsPrivilegedProcess ? "user root;\n" : "";
        var serving = new StringBuilder();
        foreach (var (pattern, type) in Types())
            serving.Append(CultureInfo.InvariantCulture, $"\n            location ~ {pattern} {{\n{Serve(layout, type, 16)}\n            }}");
        return $$"""
            {{user}}daemon off;
            master_process on;
            worker_processes auto;
            pid {{layout.PidFile}};
            error_log {{layout.ErrorLog}} warn;
            load_module {{njsModule}};
            pcre_jit on;
            events {
                worker_connections 4096;
            }
            http {
                sendfile on;
                tcp_nopush on;
                keepalive_timeout 65;
                keepalive_requests 100000;
                # A held object's file stays open between hits, checked again every 5 s: no path walk through its
                # verified link per request. So an evicted object can still be sent for those seconds (its verified
                # bytes: nginx holds the file open), and its disk space returns once nginx closes it. Misses are not
                # remembered: an object becomes servable the moment it is linked.
                open_file_cache max=4096 inactive=20s;
                open_file_cache_valid 5s;
                server_tokens off;
                merge_slashes off;
                # As Kestrel's limits: 414 for a request line over 4 kB, 431 for headers over it.
                client_header_buffer_size 1k;
                large_client_header_buffers 4 4k;
                client_max_body_size 1k;
                {{temp}}
                types {}
                default_type application/octet-stream;
                charset_types text/vtt;
                map_hash_bucket_size 256;
                map_hash_max_size 1048576;

                js_path {{layout.Folder}};
                js_import edge from {{Path.GetFileName(layout.Script)}};
                js_var $edge_max_age 0;
                js_var $edge_session "";
                js_set $edge_route edge.route;
                # Only a plain GET or HEAD may be answered from a file; the rest goes to EdgeServer before any njs runs.
                map "$request_method:$http_if_none_match:$http_if_range" $edge_plain {
                    default 0;
                    "GET::" 1;
                    "HEAD::" 1;
                }
                map $request_uri $edge_asset {
                    default "";
                    "~{{TargetPattern}}" $edge_path;
                }
                map $edge_route $edge_sha {
                    default "";
                    include {{layout.ObjectMap}};
                }
                log_format edge_served '$status|$edge_sha|$body_bytes_sent|$edge_session';
                access_log {{layout.HitLog}} edge_served buffer=64k flush=1s;

                upstream edge_server {
                    server 127.0.0.1:{{internalPort}};
                    keepalive 64;
                }

                server {
                    listen {{listenHost}}:{{listenPort}} backlog=4096;
                    error_page 400 403 404 414 /__empty;
                    error_page 494 =431 /__empty;

                    location = /__empty {
                        internal;
                        etag off;
                        root {{layout.Folder}};
                        try_files /{{Path.GetFileName(layout.Empty)}} =404;
                    }

                    location /v1/ {
            {{Serve(layout, "application/octet-stream", 12)}}{{serving}}
                    }

                    location / {
                        access_log off;
                        proxy_pass http://edge_server;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_buffering off;
                    }

                    location @edge_server {
                        access_log off;
                        proxy_pass http://edge_server;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_buffering off;
                    }
                }
            }

            """;
    }

    /// <summary>The directives that serve a verified object (or hand the request on), for one content type.</summary>
    private static string Serve(NginxLayout layout, string type, int indent)
    {
        var pad = new string(' ', indent);
        var lines = new[]
        {
            "if ($edge_plain = 0) { return 418; }",
            "if ($edge_route = \"400\") { return 400; }",
            "if ($edge_route = \"403\") { return 403; }",
            "if ($edge_sha = \"\") { return 418; }",
            "error_page 400 403 404 /__empty;",
            "error_page 418 = @edge_server;",
            $"default_type \"{type}\";",
            $"root {layout.VerifiedLinks};",
            "etag off;",
            "add_header ETag \"\\\"$edge_sha\\\"\";",
            "add_header Cache-Control \"private, max-age=$edge_max_age, immutable\";",
            "add_header X-Cache HIT;",
            "add_header X-Served-By nginx;", // what nginx sent itself (proxied answers carry Server: nginx too)
            "add_header Access-Control-Allow-Origin *;",
            "add_header Access-Control-Expose-Headers \"Content-Length, Content-Range, Accept-Ranges, ETag, X-Cache\";",
            "try_files /$edge_sha @edge_server;",
        };
        return string.Join('\n', lines.Select(l => pad + l));
    }
}
