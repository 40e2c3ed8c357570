#!/bin/sh
# Fuzzes the PDF reader and writer (or, with TARGET fuzz-pdf-verify, the
# verifier; with fuzz-platform-request, the platform server's request
# reading) with libFuzzer under ASan and UBSan.
# Usage: tests/fuzz/run-fuzz.sh [SECONDS [TARGET]]   (default 60 fuzz-pdf-document)
# New interesting inputs collect in _build-fuzz/corpus; crashes are saved as
# _build-fuzz/crash-* with the exact input: add it to tests/fuzz/corpus once fixed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
seconds=${1:-60}
target=${2:-fuzz-pdf-document}
seeds="$top/tests/fuzz/corpus"
found=corpus
dict="-dict=$top/tests/fuzz/pdf.dict"
if [ "$target" = fuzz-pdf-verify ]; then
  seeds="$top/tests/fuzz/corpus-verify $seeds"
  found=corpus-verify
elif [ "$target" = fuzz-platform-request ]; then
  seeds="$top/tests/fuzz/corpus-platform"
  found=corpus-platform
  dict="-dict=$top/tests/fuzz/platform.dict"
fi

if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dwerror=false >/dev/null
fi
ninja -C _build-fuzz "tests/fuzz/$target"
mkdir -p "_build-fuzz/$found"
cd _build-fuzz
# shellcheck disable=SC2086
exec "./tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  "$dict" "$found" $seeds
