#!/bin/sh
# Benchmark of sealdesk-platform (wrk): the account list and the binding
# endpoint, on SQLite and PostgreSQL; prints requests/s and p99 latency.
# Usage: tests/bench/bench-platform.sh BUILDDIR [--duration SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/bench-platform.py" "$@"
