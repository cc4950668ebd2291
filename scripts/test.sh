#!/usr/bin/env bash
# Runs every test (grain tests on an in-memory TestCluster, the PostgreSQL suite against a server the
# tests start themselves, real silo, edge and client processes, headless Chromium playing through the
# browser player) and ends with "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
require_dotnet
require_ffmpeg
require_nginx    # the edges' data plane
require_postgres
require_chromium
require_player_packages
export PATH="$PG_BIN:$PATH" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results=.artifacts/test-results
rm -rf "$results"
echo "==> building"
dotnet build Orleans.Netflix.sln -nologo -v quiet -clp:ErrorsOnly
echo "==> testing"
status=0
dotnet test Orleans.Netflix.sln --no-build -nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" --blame-hang-timeout 10m "$@" || status=$?

shopt -s nullglob
trx=("$results"/*.trx)
if [ ${#trx[@]} -eq 0 ]; then
  echo "error: no test results were written (status $status)" >&2
  exit $(( status == 0 ? 1 : status ))
fi
# Name each failed test with the start of its message (its lines joined), so that a CI log cut to its tail
# still says what failed and why.
awk '
  /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
    name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); failing = 1; next }
  failing && /<Message>/ {
    message = $0; sub(/.*<Message>/, "", message); collecting = 1 }
  collecting && !/<Message>/ { message = message " | " $0 }
  collecting && /<\/Message>/ {
    sub(/<\/Message>.*/, "", message); gsub(/[ \t]+/, " ", message)
    print "FAILED " name ": " substr(message, 1, 600); failing = 0; collecting = 0 }
  failing && /<\/UnitTestResult>/ { print "FAILED " name; failing = 0 }
' "${trx[@]}" | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
# Sum the TRX counters of every test project: total, passed, failed; the rest did not run (skipped).
sed -n 's/.*<Counters \([^>]*\)\/>.*/\1/p' "${trx[@]}" | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); c[kv[1]] += kv[2] } }
  END {
    failed = c["failed"] + c["error"] + c["timeout"] + c["aborted"]
    skipped = c["total"] - c["executed"]
    line = c["passed"] " passed, " failed " failed"
    if (skipped > 0) line = line ", " skipped " skipped"
    print line
  }'
exit $status
