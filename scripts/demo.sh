#!/usr/bin/env bash
# The demo: start region us-east (one silo), seed 5,000 titles and 10,000 members, browse as a member,
# search, show a member and a title, ingest a generated studio source into an HLS ladder, start two edge
# servers, play the title from the client with its QoE summary, then play it again and kill the first edge
# mid-play to show the switch to the second; then start the region's website and print where to sign in and what
# to watch (lines "website:", "email:", "password:", "title:"). --stay keeps it all running until Ctrl+C.
# In-memory by default; --postgres runs the same on a throw-away PostgreSQL server (db init, ADO.NET
# clustering and storage). Everything stops on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
require_dotnet
require_ffmpeg
require_nginx    # the edges' data plane
require_player_packages
command -v curl >/dev/null 2>&1 || apt_install curl
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

use_postgres=0
stay=0
for arg in "$@"; do
  case "$arg" in
    --postgres) use_postgres=1 ;;
    --stay) stay=1 ;;
    *) echo "usage: scripts/demo.sh [--postgres] [--stay]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/netflix-demo.XXXXXX)
chmod 755 "$work"
silo_pid=""
web_pid=""
edge_pids=()
declare -A edge_pid_of
cleanup() {
  [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null || true
  for pid in "${edge_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  [ -n "$silo_pid" ] && kill "$silo_pid" 2>/dev/null && wait "$silo_pid" 2>/dev/null || true
  [ "$use_postgres" = 1 ] && bash scripts/postgres.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
# Ctrl+C or a TERM ends the script (and so runs cleanup) even while it waits on the website: without a trap, bash
# waits for a child that ignores SIGINT, as background children of a script do.
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $(( 20000 + RANDOM % 20000 )); }

step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }

step "building (Release)"
dotnet build Orleans.Netflix.sln -c Release -nologo -v quiet -clp:ErrorsOnly
# The silos and edges run on the development signing keys that ship in appsettings.json, which they accept in Development only.
export DOTNET_ENVIRONMENT=Development
silo=(dotnet Silo/bin/Release/net10.0/Orleans.Netflix.Silo.dll)
client=(dotnet Client/bin/Release/net10.0/Orleans.Netflix.Client.dll)

silo_port=$(free_port); gateway_port=$(free_port); origin_port=$(free_port)
region_args=(--region us-east)
connection=()
if [ "$use_postgres" = 1 ]; then
  require_postgres
  pg_port=$(free_port)
  step "starting a throw-away PostgreSQL on 127.0.0.1:$pg_port and preparing database netflix_us_east"
  bash scripts/postgres.sh start "$work/pg" "$pg_port"
  connection=(--connection-string "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=netflix_us_east")
  "${silo[@]}" db init "${region_args[@]}" "${connection[@]}"
fi

step "starting a silo of region us-east (silo port $silo_port, gateway port $gateway_port)"
"${silo[@]}" "${region_args[@]}" "${connection[@]}" --silo-port "$silo_port" --gateway-port "$gateway_port" \
  --origin-port "$origin_port" --origin-root "$work/origin" --work-root "$work/ingest" >"$work/silo.log" 2>&1 &
silo_pid=$!
for _ in $(seq 1 120); do
  grep -q "silo ready:" "$work/silo.log" && break
  kill -0 "$silo_pid" 2>/dev/null || { cat "$work/silo.log"; echo "error: the silo exited" >&2; exit 1; }
  sleep 0.5
done
grep "silo ready:" "$work/silo.log" || { cat "$work/silo.log"; echo "error: the silo did not start in 60 s" >&2; exit 1; }

if [ "$use_postgres" = 1 ]; then
  gateways=("${connection[@]}")   # the client finds the gateway in the membership table
else
  gateways=(--gateway "127.0.0.1:$gateway_port")
fi
run_client() { "${client[@]}" "$@" "${region_args[@]}" "${gateways[@]}"; }

step "seeding 5,000 titles, 10,000 members and their viewing history (fixed seed)"
run_client seed --titles 5000 --members 10000
step "genres"
run_client genres
step "browse --member m-00001 (their home screen: rows picked for them from their history, artwork chosen for them)"
run_client browse --member m-00001
step "browse --member m-00042 --genre Comedy --page 2"
run_client browse --member m-00042 --genre Comedy --page 2 --page-size 10
step "search \"silent harbor\""
run_client search "silent harbor" --max 5
step "member show m-00001"
run_client member show m-00001
first_title=$(run_client browse --member m-00001 --page-size 1 --json | sed -n 's/.*"titleId": "\([^"]*\)".*/\1/p' | head -n 1)
step "title show $first_title"
run_client title show "$first_title"
step "ingest: a generated 16 s 1280x720 studio source with English audio and subtitles becomes an HLS ladder of $first_title"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=25:duration=16 -f lavfi -i sine=frequency=440:duration=16 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac "$work/studio.mp4"
printf '1\n00:00:01,000 --> 00:00:04,000\nPreviously, on Orleans.Netflix...\n' > "$work/english.srt"
run_client ingest "$work/studio.mp4" --title "$first_title" --audio en="$work/studio.mp4" --subtitles en="$work/english.srt"
master=$(find "$work/origin" -name master.m3u8 | head -n 1)
echo "master playlist: $master"; cat "$master"
run_client title show "$first_title" | grep -E "Title|Availability"
edge=(dotnet EdgeServer/bin/Release/net10.0/Orleans.Netflix.EdgeServer.dll)
start_edge() { # id port
  "${edge[@]}" --edge-id "$1" --region us-east --location local --urls "http://127.0.0.1:$2" --cache-bytes 256M \
    --cache-root "$work/$1" --origin "http://127.0.0.1:$origin_port/origin/" --gateway "127.0.0.1:$gateway_port" >"$work/$1.log" 2>&1 &
  edge_pids+=($!)
  edge_pid_of[$1]=$!
}
step "starting two edge servers (Open Connect appliances) at site 'local'; they register with the region's grains"
start_edge edge-1 "$(free_port)"
start_edge edge-2 "$(free_port)"
for id in edge-1 edge-2; do
  for _ in $(seq 1 60); do grep -q "edge ready:" "$work/$id.log" && break; sleep 0.5; done
  grep "edge ready:" "$work/$id.log" || { cat "$work/$id.log"; echo "error: $id did not start" >&2; exit 1; }
done
sleep 1 # the first heartbeat registers each edge as soon as it is ready
step "play $first_title as m-00001 on a TV: session, steering, adaptive streaming from edge-1, QoE (2x speed)"
run_client play "$first_title" --member m-00001 --device tv --speed 2
step "play it again over a 3G bandwidth trace, and kill the edge it streams from mid-download: the player moves to the other edge and keeps its buffer"
run_client play "$first_title" --member m-00001 --device tv --trace tests/Traces/train/bus.ljansbakken-oslo-report.2010-09-28_1407CEST.log \
  > >(tee "$work/play.log") &
play_pid=$!
for _ in $(seq 1 60); do grep -q "^edges:" "$work/play.log" 2>/dev/null && break; sleep 0.2; done
streaming_from=$(sed -n 's/^edges: \([^,]*\).*/\1/p' "$work/play.log")
sleep 1.5 # mid-download: the 16 s title arrives in about four seconds over this trace
victim=${edge_pid_of[$streaming_from]}
kill -9 "$victim" 2>/dev/null && echo "killed $streaming_from (pid $victim), the edge the player was streaming from"
wait "$victim" 2>/dev/null || true
wait "$play_pid"
step "stats title $first_title: the analytics log (impressions, plays, QoE) the plays above landed in"
run_client stats title "$first_title"
step "a black studio source is rejected with its reason, and nothing is published"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=black:size=640x360:rate=25:duration=8 -f lavfi -i sine=duration=8 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac "$work/black.mp4"
run_client ingest "$work/black.mp4" --title t-00002 || echo "(exit code $?)"
step "an unknown member is a clear error, not a blank profile"
run_client member show m-99999 || echo "(exit code $?)"

step "restarting $streaming_from, then starting the website of region us-east"
start_edge "$streaming_from" "$(free_port)"
web_port=${WEB_PORT:-$(free_port)}
dotnet Web/bin/Release/net10.0/Orleans.Netflix.Web.dll "${region_args[@]}" "${gateways[@]}" --urls "http://127.0.0.1:$web_port" >"$work/web.log" 2>&1 &
web_pid=$!
for _ in $(seq 1 120); do
  grep -q "website ready:" "$work/web.log" && break
  kill -0 "$web_pid" 2>/dev/null || { cat "$work/web.log"; echo "error: the website exited" >&2; exit 1; }
  sleep 0.5
done
grep "website ready:" "$work/web.log" || { cat "$work/web.log"; echo "error: the website did not start in 60 s" >&2; exit 1; }
for _ in $(seq 1 60); do grep -q "edge ready:" "$work/$streaming_from.log" && break; sleep 0.5; done
website="http://127.0.0.1:$web_port"
email="m-00001@example.com"
password=$(sed -n 's/.*DemoPassword = "\([^"]*\)".*/\1/p' Grains.Interfaces/Members/MemberSignIn.cs)
title_name=$(run_client title show "$first_title" --json | sed -n 's/^ *"name": "\(.*\)",$/\1/p' | head -n 1)
step "signing in through the website's API as $email and reading the home screen"
jar="$work/cookies"
token() { curl -sf -b "$jar" -c "$jar" "$website/api/antiforgery" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'; }
curl -sf -b "$jar" -c "$jar" -H "X-CSRF-TOKEN: $(token)" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$website/api/signin" && echo
curl -sf -b "$jar" "$website/api/home" | grep -o '"titles":[0-9]*' | sed 's/"titles":/home screen titles: /'

printf '\n\033[1;32mdemo finished\033[0m: region us-east (%s) served %s.\n' \
  "$([ "$use_postgres" = 1 ] && echo "PostgreSQL" || echo "in-memory")" "5,000 titles and 10,000 members, ingested $first_title and played it through two edges, surviving the loss of one"
echo "website: $website"
echo "email: $email"
echo "password: $password"
echo "title: $title_name ($first_title)"
if [ "$stay" = 1 ]; then
  echo "everything keeps running: sign in at the website, open \"$title_name\" and press Play. Ctrl+C stops it all."
  wait "$web_pid"
fi
