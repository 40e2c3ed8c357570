#!/usr/bin/env bash
# bench-sign.sh: time `sealdesk-cli sign` against poppler's pdfsig, mupdf's
# `mutool sign` and the floor, `openssl dgst -sha256` of the same file.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/bench-sign.sh BUILDDIR
#   BUILDDIR/src/cli/sealdesk-cli is the binary under test.
#   BENCH_RUNS=N (default 7) timed runs per cell, after one untimed warm-up.
#   BENCH_KEEP=1 keeps the work directory (inputs, outputs, keys).
#
# Same inputs (a 100-page PDF and a ~50 MB PDF, generated), same RSA-2048
# key (a PKCS#12 file; an NSS database holding it for pdfsig) for every tool.
# Prints median and minimum wall time, peak RSS (GNU time %M) and ratios.
# It only fails when it cannot run at all, never because of a timing; a tool
# that is missing or fails is reported as such in the table.

set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILDDIR" >&2
  exit 2
fi

builddir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
cli="$builddir/src/cli/sealdesk-cli"
runs=${BENCH_RUNS:-7}
password=bench
nick="SealDesk Bench"

work=$(mktemp -d "${TMPDIR:-/tmp}/sealdesk-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
  echo "bench-sign: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi

have () { command -v "$1" >/dev/null 2>&1; }

for tool in python3 openssl; do
  if ! have "$tool"; then
    echo "bench-sign: $tool is needed (build-aux/install-deps.sh installs it)" >&2
    exit 1
  fi
done
if [ ! -x /usr/bin/time ]; then
  echo "bench-sign: GNU time (/usr/bin/time, package time) is needed" >&2
  exit 1
fi

# --- inputs -----------------------------------------------------------------

echo "bench-sign: generating inputs in $work"
sigfield=$(python3 "$here/make-bench-pdfs.py" "$work" | sed -n 's/^sigfield //p')
files=(pages-100.pdf big-50mb.pdf)

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 3650 -subj "/CN=$nick/O=SealDesk" \
  -addext "keyUsage=critical,digitalSignature,nonRepudiation" 2>/dev/null
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -name "$nick" \
  -out "$work/id.p12" -passout "pass:$password"
printf '%s\n' "$password" > "$work/password"

nss_ok=0
if have certutil && have pk12util && have pdfsig; then
  mkdir "$work/nss"
  if certutil -N -d "sql:$work/nss" --empty-password &&
     pk12util -i "$work/id.p12" -d "sql:$work/nss" -W "$password" >/dev/null; then
    nss_ok=1
  fi
fi

# --- measuring --------------------------------------------------------------

declare -A med mn rss note

# measure TOOL FILE OUTPUT CMD...: one warm-up, then $runs timed runs.
measure ()
{
  local tool=$1 file=$2 out=$3
  shift 3
  local key="$tool|$file" times=() peak=0 i start end kb

  for ((i = 0; i <= runs; i++)); do
    rm -f "$out"
    start=$(date +%s%N)
    if ! /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>"$work/stderr"; then
      note[$key]="failed: $(grep -v '^Command exited' "$work/stderr" | head -n 1 | cut -c1-60)"
      return
    fi
    end=$(date +%s%N)
    [ "$i" -eq 0 ] && continue
    times+=($(( (end - start) / 1000 )))
    kb=$(tail -n 1 "$work/rss")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done

  med[$key]=$(printf '%s\n' "${times[@]}" | sort -n |
              awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }')
  mn[$key]=$(printf '%s\n' "${times[@]}" | sort -n | head -n 1 | awk '{ printf "%.1f", $1 / 1000 }')
  rss[$key]=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')

  # Is the last output a valid signed PDF?  pdfsig is the independent judge.
  if [ "$out" = - ]; then
    note[$key]="-"
  elif [ $nss_ok = 1 ]; then
    local info
    info=$(pdfsig -nssdir "sql:$work/nss" "$out" 2>/dev/null || true)
    if grep -q "Signature is Valid" <<< "$info"; then
      note[$key]="valid, $(sed -n 's/.*Signing Hash Algorithm: //p' <<< "$info" | tail -n 1)"
    else
      note[$key]="NOT VALID per pdfsig"
    fi
  else
    note[$key]="unchecked"
  fi
}

skip ()
{
  local f
  for f in "${files[@]}"; do
    note["$1|$f"]=$2
  done
}

tools=("openssl dgst" "mutool sign" "pdfsig" "sealdesk-cli sign")

for f in "${files[@]}"; do
  echo "bench-sign: $f: openssl"
  measure "openssl dgst" "$f" - openssl dgst -sha256 "$work/$f"
done

if have mutool; then
  for f in "${files[@]}"; do
    echo "bench-sign: $f: mutool"
    # mutool 1.21 fills the existing empty field; it cannot add one.
    measure "mutool sign" "$f" "$work/out-mutool-$f" \
      mutool sign -s "$work/id.p12" -P "$password" -o "$work/out-mutool-$f" "$work/$f" "$sigfield"
  done
else
  skip "mutool sign" "not installed (mupdf-tools)"
fi

if [ $nss_ok = 1 ]; then
  for f in "${files[@]}"; do
    echo "bench-sign: $f: pdfsig"
    measure "pdfsig" "$f" "$work/out-pdfsig-$f" \
      pdfsig "$work/$f" "$work/out-pdfsig-$f" -add-signature -nssdir "sql:$work/nss" -nick "$nick"
  done
else
  skip "pdfsig" "not available (poppler-utils, libnss3-tools)"
fi

# SealDesk signs with a visible seal drawn by its own make-seal.
seal_rc=0
if [ -x "$cli" ]; then
  "$cli" make-seal --round --name "某某科技有限公司" --center-text 合同专用章 \
    --code 1234567890123 -o "$work/seal.png" --force >/dev/null 2>"$work/stderr" || seal_rc=$?
fi
if [ ! -x "$cli" ]; then
  skip "sealdesk-cli sign" "not built: $cli"
elif [ $seal_rc != 0 ]; then
  skip "sealdesk-cli sign" "make-seal failed (exit $seal_rc) $(head -n 1 "$work/stderr" | cut -c1-40)"
else
  for f in "${files[@]}"; do
    echo "bench-sign: $f: sealdesk-cli"
    measure "sealdesk-cli sign" "$f" "$work/out-sealdesk-$f" \
      "$cli" sign "$work/$f" -o "$work/out-sealdesk-$f" --p12 "$work/id.p12" \
      --password-file "$work/password" --seal "$work/seal.png" --page 1 --at 120,200 --size 40 \
      --force
  done
fi

# --- report -----------------------------------------------------------------

ratio ()
{
  if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'
  else
    printf -- "-"
  fi
}

echo
echo "SealDesk signing benchmark: $runs runs per cell after a warm-up; wall time and"
echo "peak RSS from GNU time. Same inputs and the same RSA-2048 key for every tool."
echo "Host: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "Tools: $(openssl version | cut -d' ' -f1-2)," \
     "$( (mutool -v 2>&1 || true) | head -n 1)," \
     "pdfsig $( (pdfsig -v 2>&1 || true) | head -n 1 | awk '{ print $3 }')"
for f in "${files[@]}"; do
  printf '  %-14s %8.1f MB\n' "$f" "$(awk -v s="$(stat -c %s "$work/$f")" 'BEGIN { print s / 1048576 }')"
done
echo

printf '%-14s %-18s %10s %10s %9s %8s %9s  %s\n' \
  file tool "median ms" "min ms" "RSS MB" "x floor" "x mutool" check
printf '%.0s-' {1..100}
echo
for f in "${files[@]}"; do
  for t in "${tools[@]}"; do
    k="$t|$f"
    if [ -n "${med[$k]:-}" ]; then
      printf '%-14s %-18s %10s %10s %9s %8s %9s  %s\n' "$f" "$t" "${med[$k]}" "${mn[$k]}" \
        "${rss[$k]}" "$(ratio "${med[$k]}" "${med["openssl dgst|$f"]:-}")" \
        "$(ratio "${med[$k]}" "${med["mutool sign|$f"]:-}")" "${note[$k]:-}"
    else
      printf '%-14s %-18s %10s %10s %9s %8s %9s  %s\n' "$f" "$t" - - - - - "${note[$k]:-}"
    fi
  done
done
echo
echo "Notes: only sealdesk-cli draws a visible seal; pdfsig adds an invisible field;"
echo "mutool fills the empty field that the inputs carry (object $sigfield)."
