#!/bin/sh
# Runs bench-tokens inside tests/tokens/pcsc-sandbox.sh when it can (root,
# unshare), so that the virtual PIV card is measured too; otherwise as it
# is, and bench-tokens reports the card as skipped with the reason.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench-tokens.sh BENCH-TOKENS [ARG…]
set -eu

sandbox="$(dirname "$0")/../tokens/pcsc-sandbox.sh"
if [ "$(id -u)" = 0 ] && unshare --mount --net --pid --fork true 2>/dev/null; then
  exec "$sandbox" "$@"
fi
exec "$@"
