#!/bin/sh
# Runs a test program in its own mount, network and PID namespaces with a
# private /run/pcscd, so that the pcscd and virtual readers it starts neither
# see nor disturb the machine's: only one pcscd can own
# /run/pcscd/pcscd.comm, and vsmartcard's vpcd listens on TCP ports on every
# interface.  When the test ends, even by a crash, the kernel kills whatever
# it left in its PID namespace.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: pcsc-sandbox.sh PROGRAM [ARG…]   (as root; prints a TAP skip otherwise)
set -eu

if [ -z "${SD_PCSC_SANDBOX:-}" ]; then
  if [ "$(id -u)" != 0 ] || ! unshare --mount --net --pid --fork true 2>/dev/null; then
    echo "1..0 # SKIP needs root and unshare (mount, network, PID namespaces) for its own pcscd"
    exit 0
  fi
  SD_PCSC_SANDBOX=1 exec unshare --mount --net --pid --fork --mount-proc --propagation private \
    -- "$0" "$@"
fi

ip link set lo up
mkdir -p /run/pcscd
mount -t tmpfs -o mode=0755 sealdesk-pcscd /run/pcscd
# Not exec: this shell is the namespace's PID 1, and its exit ends the rest.
status=0
"$@" || status=$?
exit $status
