#!/bin/sh
# Installs what is needed, builds SealDesk and runs every test: once in a
# normal build (-Werror) and once under AddressSanitizer + UBSan.
# Ends with one line "N passed, N failed" counted over both runs.
# Usage: build-aux/run-tests.sh   (as root on a fresh Debian 12, or with the
#        packages of build-aux/install-deps.sh already installed)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" = 0 ]; then
  build-aux/install-deps.sh || exit 1
else
  build-aux/install-deps.sh || echo "run-tests: continuing without installing (not root)"
fi

configure() {
  dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null || return 1
  else
    meson setup "$dir" "$@" >/dev/null || return 1
  fi
}

status=0
configure _build || exit 1
ninja -C _build || exit 1
meson test -C _build --print-errorlogs --num-processes 2 || status=1

# Sanitizers: the C tests and the CLI the PDF tests drive.  Leaks are
# errors too; glib's type system keeps a few on purpose (suppressed).
configure _build-asan -Db_sanitize=address,undefined -Db_lundef=false || exit 1
ninja -C _build-asan || exit 1
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  meson test -C _build-asan --print-errorlogs --num-processes 2 --suite unit --suite pdf --suite tokens \
    --suite platform-client --suite platform \
    --timeout-multiplier 3 || status=1

python3 build-aux/test-summary.py _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json
exit $status
