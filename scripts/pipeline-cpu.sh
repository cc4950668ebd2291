#!/usr/bin/env bash
# The pipeline benchmark's CPU split by ffmpeg/ffprobe process (the "by process" table in docs/benchmarks.md): runs
# `tests/Benchmarks -- pipeline` with every ffmpeg and ffprobe behind /usr/bin/time, then sums user + sys
# per kind of process for the timed pipeline round (the first one). Extra arguments go to the benchmark
# (default: --seconds 60 --rounds 1).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
require_dotnet
require_ffmpeg
[ -x /usr/bin/time ] || apt_install time

wrappers=$(mktemp -d)
trap 'rm -rf "$wrappers"' EXIT
for tool in ffmpeg ffprobe; do
  cat > "$wrappers/$tool" <<EOF
#!/usr/bin/env bash
exec /usr/bin/time -a -o "$wrappers/times" -f "%U %S $tool %C" "$(command -v $tool)" "\$@"
EOF
  chmod +x "$wrappers/$tool"
done

[ $# -gt 0 ] || set -- --seconds 60 --rounds 1
PATH="$wrappers:$PATH" dotnet run -c Release --project tests/Benchmarks -- pipeline "$@" | grep -E "wall ratio|wall s |CPU s, all|this process  " || true

# The first timed round starts with the first probe of the benchmark's source and ends where the baseline starts.
awk '
  $3 == "ffprobe" && /\/source\.mp4/ { timed = 1 }
  !timed { next }
  /\/baseline\// || /-filter_complex/ { exit }
  {
    kind = / -f framecrc / ? "source integrity scan (before any encode)" \
      : / -skip_loop_filter / ? "chunk decode checks" \
      : / -segment_list / ? "source decode, content checks, raw frames" \
      : /\/frames\// ? "chunk encodes" \
      : / -c:a aac / ? "audio" \
      : "probes, assembly counts, video packaging"
    count[kind]++; user[kind] += $1; sys[kind] += $2
  }
  END {
    printf "%-45s %9s %8s %7s %8s\n", "CPU s in the timed round, by process", "processes", "user", "sys", "total"
    for (k in count) printf "%-45s %9d %8.2f %7.2f %8.2f\n", k, count[k], user[k], sys[k], user[k] + sys[k]
  }
' "$wrappers/times"
