#!/bin/sh
# Installs every Debian 12 package SealDesk needs to build, run and test.
# Idempotent: packages already present are left alone. Run as root.
set -eu

packages="
  build-essential meson ninja-build pkg-config gettext git
  libglib2.0-dev libjson-glib-dev libssl-dev zlib1g-dev libpng-dev libcairo2-dev libpango1.0-dev
  libpoppler-glib-dev
  openssl python3 locales fonts-noto-cjk
  qpdf poppler-utils mupdf-tools ghostscript imagemagick libnss3-tools
  clang valgrind time
  libpcsclite-dev libp11-kit-dev p11-kit pcscd opensc softhsm2 vsmartcard-vpcd
  python3-virtualsmartcard python3-pycryptodome iproute2 util-linux
  libsoup-3.0-dev glib-networking libsqlite3-dev libpq-dev postgresql wrk
  libgtk-4-dev libadwaita-1-dev xvfb xauth dbus dbus-x11 desktop-file-utils appstream
"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: these packages are missing:$missing" >&2
    echo "install-deps: run this script as root (sudo $0) to install them." >&2
    exit 1
  fi
  echo "install-deps: installing:$missing"
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "install-deps: all packages present"
fi

# The zh_CN locale, so translated messages and CJK text can be tested.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf8$'; then
  if [ "$(id -u)" = 0 ]; then
    echo "install-deps: generating the zh_CN.UTF-8 locale"
    sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
  fi
fi
