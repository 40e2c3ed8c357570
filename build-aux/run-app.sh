#!/bin/sh
# The main job: installs what is needed, builds, starts the reference
# platform server with its demo enterprise on a free local port, prints the
# demo login and runs the desktop app against it.  The server stops when the
# app exits.
#
# With no display ($DISPLAY, $WAYLAND_DISPLAY) the app runs under Xvfb for
# SEALDESK_RUN_SECONDS seconds (default 15) and a screenshot of it is saved
# as _build/run-app.png.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" = 0 ]; then
  build-aux/install-deps.sh >/dev/null
else
  build-aux/install-deps.sh >/dev/null || exit 1
fi
[ -f _build/build.ninja ] || meson setup _build >/dev/null
ninja -C _build >/dev/null

data="${XDG_DATA_HOME:-$HOME/.local/share}/sealdesk/demo-platform"
mkdir -p "$data"
chmod 700 "$data"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp "${TMPDIR:-/tmp}/sealdesk-platform.XXXXXX")
chmod 600 "$log"

server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$top/_build/src/platform/sealdesk-platform" --data "$data" --listen "127.0.0.1:$port" --demo \
  >"$log" 2>&1 &
server_pid=$!

# Wait for "sealdesk-platform: ready at …" (the demo line comes first).
i=0
until grep -q '^sealdesk-platform: ready at ' "$log"; do
  if ! kill -0 "$server_pid" 2>/dev/null || [ $i -ge 300 ]; then
    echo "run-app: the platform server did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  i=$((i + 1))
  sleep 0.1
done
url="http://127.0.0.1:$port"
login=$(sed -n 's/^demo: login=\([^ ]*\) password=.*/\1/p' "$log")
password=$(sed -n 's/^demo: login=[^ ]* password=\(.*\)$/\1/p' "$log")

echo "Platform:  $url  (data in $data)"
echo "Sign in:   $login"
echo "Password:  $password"
echo "           (a new one each run; the demo's other accounts: you, mu)"

export GSETTINGS_SCHEMA_DIR="$top/_build/data"
export SEALDESK_LOCALEDIR="$top/_build/po"
app="$top/_build/src/app/sealdesk"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  "$app" --platform "$url" "$@"
else
  seconds=${SEALDESK_RUN_SECONDS:-15}
  shot="$top/_build/run-app.png"
  echo "No display: running the app under Xvfb for $seconds s, screenshot in $shot"
  export GSK_RENDERER=cairo
  # shellcheck disable=SC2016
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- sh -c '
    "$1" --platform "$2" &
    app=$!
    sleep "$3"
    import -window root "$4" || echo "run-app: no screenshot (ImageMagick import failed)" >&2
    kill $app 2>/dev/null
    wait $app 2>/dev/null
    exit 0' run-app "$app" "$url" "$seconds" "$shot"
  echo "Screenshot: $shot"
fi
