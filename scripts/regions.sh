#!/usr/bin/env bash
# The three simulated regions side by side on this machine: us-east, us-west and eu-west, each its own
# Orleans cluster (netflix-<region>), its own PostgreSQL database (netflix_<region>) on one throw-away
# PostgreSQL server, its own silos and its own edge servers. Prints a table, the client commands for each
# region and <work>/regions.json, then "regions ready", and runs until Ctrl+C or SIGTERM; everything stops
# on exit (edges, then silos, gracefully, then PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
source scripts/prerequisites.sh

usage() {
  cat >&2 <<'EOF'
usage: scripts/regions.sh [--silos N] [--edges N] [--regions us-east,us-west,eu-west] [--work DIR] [--no-build] [--configuration Release|Debug]
  --silos N      silos per region, one cluster each (default 1)
  --edges N      edge servers per region (default 2; 0 for none)
  --regions LIST the regions to run, comma-separated (default all three)
  --work DIR     keep logs, databases, origin and caches in DIR and leave it there (default: a temp folder, removed on exit)
  --no-build     skip the build
  --configuration Release (default) or Debug: which build to build and run
EOF
  exit 2
}

all_regions=(us-east us-west eu-west)
silos=1 edges=2 build=1 work="" configuration=Release regions_arg=$(IFS=,; echo "${all_regions[*]}")
while [ $# -gt 0 ]; do
  case "$1" in
    --silos|--edges|--regions|--work|--configuration)
      [ $# -ge 2 ] || { echo "error: $1 needs a value" >&2; usage; }
      case "$1" in --silos) silos=$2 ;; --edges) edges=$2 ;; --regions) regions_arg=$2 ;; --work) work=$2 ;; --configuration) configuration=$2 ;; esac
      shift 2 ;;
    --silos=*) silos=${1#*=}; shift ;;
    --edges=*) edges=${1#*=}; shift ;;
    --regions=*) regions_arg=${1#*=}; shift ;;
    --work=*) work=${1#*=}; shift ;;
    --configuration=*) configuration=${1#*=}; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done
[[ "$silos" =~ ^[0-9]+$ ]] && [ "$silos" -ge 1 ] && [ "$silos" -le 50 ] || { echo "error: --silos must be 1 to 50, not '$silos'" >&2; exit 2; }
[[ "$edges" =~ ^[0-9]+$ ]] && [ "$edges" -le 50 ] || { echo "error: --edges must be 0 to 50, not '$edges'" >&2; exit 2; }
regions=()
IFS=, read -r -a requested <<<"$regions_arg"
for r in "${requested[@]}"; do
  r=${r// /}
  [ -n "$r" ] || continue
  [[ " ${all_regions[*]} " == *" $r "* ]] || { echo "error: unknown region '$r': expected some of ${all_regions[*]}" >&2; exit 2; }
  [[ " ${regions[*]:-} " == *" $r "* ]] || regions+=("$r")
done
[ ${#regions[@]} -gt 0 ] || { echo "error: --regions names no region" >&2; exit 2; }
[[ "$configuration" =~ ^(Debug|Release)$ ]] || { echo "error: --configuration must be Debug or Release, not '$configuration'" >&2; exit 2; }

require_dotnet
require_ffmpeg   # the silos encode with it when a title is ingested
require_nginx    # the edges' data plane
require_postgres
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

keep_work=0
if [ -n "$work" ]; then
  keep_work=1
  mkdir -p "$work"
  work=$(cd "$work" && pwd)
else
  work=$(mktemp -d /tmp/netflix-regions.XXXXXX)
  chmod 755 "$work"   # PostgreSQL runs as the postgres user and must reach its folder
fi

declare -A silo_pids edge_pids gateways_of origins_of edge_urls_of connection_of
all_edge_pids=()
all_silo_pids=()
pg_started=0
ready=0

# SIGTERM to each process, then wait for them all (a silo leaves its cluster first); SIGKILL after 30 s.
stop_all() { # label pid...
  local label=$1 pid deadline
  shift
  [ $# -gt 0 ] || return 0
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  deadline=$(( SECONDS + 30 ))
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "warning: $label $pid did not stop in 30 s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}
cleanup() {
  trap '' INT TERM   # a second Ctrl+C does not leave processes behind; stop_all gives up after 30 s
  stop_all edge "${all_edge_pids[@]}"
  stop_all silo "${all_silo_pids[@]}"
  [ "$pg_started" = 1 ] && bash scripts/postgres.sh stop "$work/pg" || true
  # Whatever fails here, the rest still runs: a cleanup error is reported, not turned into the script's exit code.
  if [ "$keep_work" = 1 ]; then echo "state kept in $work" >&2; else rm -rf "$work" || echo "warning: could not remove all of $work" >&2; fi
}
trap cleanup EXIT
on_signal() { # exit code when not ready yet
  printf '\n' >&2
  step "stopping: edges, silos, PostgreSQL"
  exit $(( ready ? 0 : $1 ))
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }

# Ports handed out in this run, so no two processes get the same one.
declare -A taken
# Sets $port to a base port with COUNT free consecutive ports from it (instance N of a silo uses base + N).
free_ports() { # count
  local count=$1 base i ok
  for _ in $(seq 1 50); do
    base=$(python3 - "$count" <<'EOF' 2>/dev/null || echo $(( 15000 + RANDOM % 15000 ))
import random, socket, sys
count = int(sys.argv[1])
for _ in range(200):
    base = random.randint(15000, 32000 - count)   # below Linux's ephemeral range
    socks = []
    try:
        for p in range(base, base + count):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
EOF
)
    ok=1
    for (( i = base; i < base + count; i++ )); do [ -z "${taken[$i]:-}" ] || ok=0; done
    if [ "$ok" = 1 ]; then
      for (( i = base; i < base + count; i++ )); do taken[$i]=1; done
      port=$base; return
    fi
  done
  echo "error: found no $count free consecutive ports" >&2; exit 1
}

# Waits for MARKER in LOG while PID lives; on exit or timeout prints the log's tail and stops the script.
wait_for() { # what pid log marker timeout_s
  local what=$1 pid=$2 log=$3 marker=$4 timeout=$5 deadline=$(( SECONDS + $5 )) code
  while ! grep -q "$marker" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      code=0; wait "$pid" 2>/dev/null || code=$?
      echo "----- last lines of $log" >&2; tail -n 20 "$log" >&2; echo "-----" >&2
      echo "error: $what exited with code $code before it was ready" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "----- last lines of $log" >&2; tail -n 20 "$log" >&2; echo "-----" >&2
      echo "error: $what was not ready after $timeout s" >&2
      exit 1
    fi
    sleep 0.5
  done
}

json_str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
json_list() { # items... as a JSON array of strings (numbers when --numbers comes first)
  local numbers=0 first=1 item
  [ "${1:-}" = --numbers ] && { numbers=1; shift; }
  printf '['
  for item in "$@"; do
    [ $first = 1 ] || printf ', '
    first=0
    if [ $numbers = 1 ]; then printf '%s' "$item"; else json_str "$item"; fi
  done
  printf ']'
}

if [ "$build" = 1 ]; then
  step "building ($configuration)"
  dotnet build Orleans.Netflix.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
fi
# The silos and edges run on the development signing keys that ship in appsettings.json, which they accept in Development only.
export DOTNET_ENVIRONMENT=Development
silo=(dotnet "$repo/Silo/bin/$configuration/net10.0/Orleans.Netflix.Silo.dll")
edge=(dotnet "$repo/EdgeServer/bin/$configuration/net10.0/Orleans.Netflix.EdgeServer.dll")
client=(dotnet "$repo/Client/bin/$configuration/net10.0/Orleans.Netflix.Client.dll")
for dll in "${silo[1]}" "${edge[1]}" "${client[1]}"; do
  [ -f "$dll" ] || { echo "error: $dll is missing: run without --no-build, or dotnet build Orleans.Netflix.sln -c $configuration" >&2; exit 1; }
done

free_ports 1; pg_port=$port
step "starting a throw-away PostgreSQL on 127.0.0.1:$pg_port (state in $work/pg)"
pg_started=1
bash scripts/postgres.sh start "$work/pg" "$pg_port"

db_of() { echo "netflix_${1//-/_}"; }
connection_env=()
for r in "${regions[@]}"; do
  connection_of[$r]="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$(db_of "$r")"
  connection_env+=("ConnectionStrings__$r=${connection_of[$r]}")
done

step "preparing the databases: $(for r in "${regions[@]}"; do printf '%s ' "$(db_of "$r")"; done)"
for r in "${regions[@]}"; do
  "${silo[@]}" db init --region "$r" --connection-string "${connection_of[$r]}"
done

# Every silo gets every running region's connection string (its own makes it use PostgreSQL; the
# others are for cross-region replication); each region's silos share its origin and work folders.
step "starting $silos silo(s) per region: ${regions[*]}"
for r in "${regions[@]}"; do
  mkdir -p "$work/$r"
  free_ports "$silos"; silo_base=$port
  free_ports "$silos"; gateway_base=$port
  gateways=() origins=() pids=()
  for (( i = 0; i < silos; i++ )); do
    free_ports 1; origin_port=$port
    env "${connection_env[@]}" "${silo[@]}" --region "$r" --instance "$i" \
      --silo-port "$silo_base" --gateway-port "$gateway_base" --origin-port "$origin_port" \
      --origin-root "$work/$r/origin" --work-root "$work/$r/ingest" >"$work/$r/silo-$i.log" 2>&1 &
    pids+=($!)
    all_silo_pids+=($!)
    gateways+=("127.0.0.1:$(( gateway_base + i ))")
    origins+=("http://127.0.0.1:$origin_port/origin/")
    echo "$r silo $i: pid $!, silo port $(( silo_base + i )), gateway 127.0.0.1:$(( gateway_base + i )), origin http://127.0.0.1:$origin_port/origin/"
  done
  silo_pids[$r]="${pids[*]}"
  gateways_of[$r]="${gateways[*]}"
  origins_of[$r]="${origins[*]}"
done
for r in "${regions[@]}"; do
  read -r -a pids <<<"${silo_pids[$r]}"
  for (( i = 0; i < silos; i++ )); do
    wait_for "silo $r/$i" "${pids[$i]}" "$work/$r/silo-$i.log" "silo ready:" 180
    grep -h "silo ready:" "$work/$r/silo-$i.log"
  done
done

if [ "$edges" -gt 0 ]; then
  step "starting $edges edge server(s) per region; each pulls from its region's origin"
  for r in "${regions[@]}"; do
    edge_args=()
    for g in ${gateways_of[$r]}; do edge_args+=(--gateway "$g"); done
    for o in ${origins_of[$r]}; do edge_args+=(--origin "$o"); done
    pids=() urls=()
    for (( i = 1; i <= edges; i++ )); do
      id="$r-edge-$i"
      free_ports 1
      "${edge[@]}" --edge-id "$id" --region "$r" --location "$r-site" --urls "http://127.0.0.1:$port" --cache-bytes 256M \
        --cache-root "$work/$r/edges/$id" "${edge_args[@]}" >"$work/$r/$id.log" 2>&1 &
      pids+=($!)
      all_edge_pids+=($!)
      urls+=("http://127.0.0.1:$port")
    done
    edge_pids[$r]="${pids[*]}"
    edge_urls_of[$r]="${urls[*]}"
  done
  for r in "${regions[@]}"; do
    read -r -a pids <<<"${edge_pids[$r]}"
    read -r -a urls <<<"${edge_urls_of[$r]}"
    for (( i = 1; i <= edges; i++ )); do
      id="$r-edge-$i"
      wait_for "edge $id" "${pids[$((i - 1))]}" "$work/$r/$id.log" "edge ready:" 120
      for _ in $(seq 1 40); do curl -fsS -o /dev/null "${urls[$((i - 1))]}/health" 2>/dev/null && break; sleep 0.5; done
      curl -fsS -o /dev/null "${urls[$((i - 1))]}/health" \
        || { tail -n 30 "$work/$r/$id.log" >&2; echo "error: edge $id does not answer ${urls[$((i - 1))]}/health" >&2; exit 1; }
      echo "$id: ${urls[$((i - 1))]} (pid ${pids[$((i - 1))]}), /health answers"
    done
  done
fi

# regions.json: what a script or test needs to reach each region.
{
  printf '{\n  "work": %s,\n  "postgres": {"host": "127.0.0.1", "port": %s, "dir": %s},\n  "regions": [\n' \
    "$(json_str "$work")" "$pg_port" "$(json_str "$work/pg")"
  n=0
  for r in "${regions[@]}"; do
    read -r -a g <<<"${gateways_of[$r]}"
    read -r -a o <<<"${origins_of[$r]}"
    read -r -a sp <<<"${silo_pids[$r]}"
    read -r -a eu <<<"${edge_urls_of[$r]:-}"
    read -r -a ep <<<"${edge_pids[$r]:-}"
    ids=()
    for (( i = 1; i <= edges; i++ )); do ids+=("$r-edge-$i"); done
    n=$(( n + 1 ))
    printf '    {"name": %s, "clusterId": %s, "database": %s, "connectionString": %s,\n' \
      "$(json_str "$r")" "$(json_str "netflix-$r")" "$(json_str "$(db_of "$r")")" "$(json_str "${connection_of[$r]}")"
    printf '     "gateways": %s, "origins": %s, "siloPids": %s,\n' \
      "$(json_list "${g[@]}")" "$(json_list "${o[@]}")" "$(json_list --numbers "${sp[@]}")"
    printf '     "edges": {"ids": %s, "urls": %s, "pids": %s}}%s\n' \
      "$(json_list "${ids[@]}")" "$(json_list "${eu[@]}")" "$(json_list --numbers "${ep[@]}")" "$([ $n -lt ${#regions[@]} ] && echo ,)"
  done
  printf '  ]\n}\n'
} >"$work/regions.json"

step "regions"
printf '%-8s %-16s %-16s %-34s %s\n' region "cluster id" database gateways edges
for r in "${regions[@]}"; do
  printf '%-8s %-16s %-16s %-34s %s\n' "$r" "netflix-$r" "$(db_of "$r")" "${gateways_of[$r]// /,}" "$(e=${edge_urls_of[$r]:-}; echo "${e// /,}")"
done
echo
echo "PostgreSQL: 127.0.0.1:$pg_port (user postgres); logs and state: $work; machine-readable: $work/regions.json"

step "client commands"
for r in "${regions[@]}"; do
  gw=""
  for g in ${gateways_of[$r]}; do gw+=" --gateway $g"; done
  echo "# $r"
  echo "${client[*]} seed --titles 500 --members 100 --region $r$gw"
  echo "${client[*]} member show m-00001 --region $r$gw"
  echo "${client[*]} browse --member m-00001 --region $r$gw"
  echo "${client[*]} member show m-00001 --region $r --connection-string '${connection_of[$r]}'   # gateways from the membership table"
done

ready=1
printf '\n\033[1;32mregions ready\033[0m\n'
echo "(Ctrl+C or SIGTERM stops everything)"

# Run until asked to stop; say so once if a process ends on its own (a killed silo or edge is allowed).
declare -A reported
while true; do
  for pid in "${all_silo_pids[@]}" "${all_edge_pids[@]}"; do
    if [ -z "${reported[$pid]:-}" ] && ! kill -0 "$pid" 2>/dev/null; then
      reported[$pid]=1
      echo "warning: process $pid (see $work/regions.json) has exited" >&2
    fi
  done
  sleep 2 &
  wait $! || true
done
