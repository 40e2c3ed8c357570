#!/bin/sh
# The main job until the desktop app exists: installs what is needed, builds,
# then stamps a demo contract with a demo company seal and a demo key, and
# says where the result is and how to check it.
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

cli=$top/_build/src/cli/sealdesk-cli
out=$top/demo-out
mkdir -p "$out"
umask 077

# A demo CA and a company certificate in the shape Chinese CAs issue
# (unified social credit code in serialNumber), made once.
if [ ! -f "$out/company.p12" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/C=CN/O=SealDesk Demo CA/CN=SealDesk Demo Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$out/ca.key" -out "$out/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -utf8 \
    -subj "/C=CN/O=某某科技有限公司/serialNumber=91350100M000100Y43/CN=某某科技有限公司" \
    -keyout "$out/company.key" -out "$out/company.csr" 2>/dev/null
  printf 'keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n' > "$out/ext.cnf"
  openssl x509 -req -in "$out/company.csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" -CAcreateserial \
    -days 730 -extfile "$out/ext.cnf" -out "$out/company.pem" 2>/dev/null
  openssl rand -hex 12 > "$out/password.txt"
  openssl pkcs12 -export -inkey "$out/company.key" -in "$out/company.pem" -certfile "$out/ca.pem" \
    -name "某某科技有限公司" -passout "file:$out/password.txt" -out "$out/company.p12"
  rm -f "$out/company.key" "$out/company.csr" "$out/ext.cnf" "$out/ca.key" "$out/ca.srl"
fi
[ -f "$out/seal.png" ] || "$cli" make-seal --round --name 某某科技有限公司 --center-text 合同专用章 \
  --code 3501000001234 -o "$out/seal.png"
[ -f "$out/contract.pdf" ] || "$top/_build/data/make-demo-contract" "$out/contract.pdf"

signed="$out/contract-已签章.pdf"
"$cli" sign "$out/contract.pdf" -o "$signed" --force \
  --p12 "$out/company.p12" --password-file "$out/password.txt" \
  --seal "$out/seal.png" --page last --at 125,42 --size 40 \
  --reason "合同盖章" --location "福州" --text "某某科技有限公司 $(date +%Y-%m-%d)"

echo "Signed: $signed"
echo "Look at it:      xdg-open '$signed'   (or: pdftoppm -png -r 60 -f 2 '$signed' /tmp/page)"
echo "Check it:        pdfsig '$signed'"
echo "                 qpdf --check '$signed'"
echo "Its structure:   $cli inspect '$signed'"
echo "Demo key:        $out/company.p12 (password in $out/password.txt), CA: $out/ca.pem"
