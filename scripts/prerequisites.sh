#!/usr/bin/env bash
# Sourced by demo.sh and test.sh: makes sure what the project needs is on this machine, installing
# it with apt where it can (as root), or stopping with a message that says what is missing.

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

apt_install() {
  echo "==> installing $* (apt)" >&2
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root apt-get update -qq >/dev/null || { echo "error: apt-get update failed; install $* by hand" >&2; exit 1; }
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || { echo "error: could not install $* (need root or sudo); install it by hand" >&2; exit 1; }
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
    echo "error: the .NET 10 SDK is missing: install it from https://dotnet.microsoft.com/download and run this again" >&2
    exit 1
  fi
}

require_ffmpeg() {
  if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
    apt_install ffmpeg
  fi
}

# nginx with njs: the edges' data plane (EdgeServer runs it as a child process; --data-plane kestrel does without).
require_nginx() {
  if ! { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || [ ! -f /usr/lib/nginx/modules/ngx_http_js_module.so ]; then
    apt_install nginx-light libnginx-mod-http-js
  fi
}

# Headless Chromium for the browser player test (Playwright drives Debian's build, not a downloaded one).
require_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
}

# hls.js for the browser player, from npm at the version package-lock.json pins (the edge serves it at /player/).
require_player_packages() {
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  if [ ! -f EdgeServer/player/node_modules/hls.js/dist/hls.min.js ]; then
    echo "==> installing the browser player's packages (npm ci)" >&2
    npm ci --prefix EdgeServer/player --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null \
      || { echo "error: npm ci in EdgeServer/player failed (is the npm registry reachable?)" >&2; exit 1; }
  fi
}

# Prints the folder holding initdb and pg_ctl, installing PostgreSQL's server package if needed.
postgres_bin() {
  local dir
  for dir in $(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)") $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
  apt_install postgresql
  ls -d /usr/lib/postgresql/*/bin | sort -rV | head -n 1
}

require_postgres() {
  PG_BIN=$(postgres_bin)
  export PG_BIN
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "error: PostgreSQL refuses to run as root and there is no 'postgres' user: apt-get install postgresql creates it" >&2
    exit 1
  fi
}
