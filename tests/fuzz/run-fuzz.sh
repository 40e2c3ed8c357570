#!/bin/sh
# Fuzzes the PDF reader and writer with libFuzzer under ASan and UBSan.
# Usage: tests/fuzz/run-fuzz.sh [SECONDS]   (default 60)
# New interesting inputs collect in _build-fuzz/corpus; crashes are saved as
# _build-fuzz/crash-* with the exact input: add it to tests/fuzz/corpus once fixed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
seconds=${1:-60}

if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dwerror=false >/dev/null
fi
ninja -C _build-fuzz tests/fuzz/fuzz-pdf-document
mkdir -p _build-fuzz/corpus
cd _build-fuzz
exec ./tests/fuzz/fuzz-pdf-document -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -dict="$top/tests/fuzz/pdf.dict" corpus "$top/tests/fuzz/corpus"
