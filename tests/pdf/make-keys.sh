#!/bin/sh
# Creates the test PKI for the PDF validator tests in OUTDIR:
#
#   ca.key ca.pem                   test root CA (RSA-2048, self-signed)
#   sm2ca.key sm2ca.pem             SM2 root CA (self-signed, SM3, distid 1234567812345678)
#   <kind>.key <kind>.pem           leaf key + cert, kind in rsa ec256 ec384 sm2
#   <kind>-chain.pem                CA cert(s) above the leaf
#   <kind>-full.pem                 leaf + chain
#   rsa.p12 ec256.p12 ec384.p12     PKCS#12 (leaf, key, CA), password in pass.txt
#   pass.txt                        the PKCS#12 password (no trailing newline)
#   nssdb/                          NSS database (sql:) with rsa.p12 (nick "sealdesk-rsa")
#                                   and ec256.p12 ("sealdesk-ec256"), test CA trusted;
#                                   NSS db password is empty
#
# Usage: make-keys.sh OUTDIR [OPENSSL [CERTUTIL [PK12UTIL]]]
set -eu

out=${1:?usage: make-keys.sh OUTDIR [OPENSSL [CERTUTIL [PK12UTIL]]]}
openssl=${2:-openssl}
certutil=${3:-certutil}
pk12util=${4:-pk12util}

mkdir -p "$out"
cd "$out"

# Make runs reproducible enough and independent of the user's config.
OPENSSL_CONF=/dev/null
export OPENSSL_CONF

printf '%s' 'sealdesk-test-pw' > pass.txt

days=3650
subj_base="/C=CN/O=SealDesk Test"

ext_ca=ext-ca.cnf
cat > "$ext_ca" <<'EOF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

ext_leaf=ext-leaf.cnf
cat > "$ext_leaf" <<'EOF'
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.3.6.1.4.1.311.10.3.12
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
EOF

# --- RSA root CA -----------------------------------------------------------
"$openssl" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key 2>/dev/null
"$openssl" req -new -x509 -key ca.key -sha256 -days "$days" \
    -subj "$subj_base/CN=SealDesk Test Root CA" \
    -extensions ca -config "$ext_ca" -out ca.pem

leaf() {
    # leaf KIND CN: KIND.key must exist; signs with the RSA CA.
    "$openssl" req -new -key "$1.key" -sha256 -subj "$subj_base/CN=$2" -out "$1.csr"
    "$openssl" x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
        -sha256 -days "$days" -extfile "$ext_leaf" -extensions leaf -out "$1.pem" 2>/dev/null
    cp ca.pem "$1-chain.pem"
    cat "$1.pem" ca.pem > "$1-full.pem"
    "$openssl" pkcs12 -export -inkey "$1.key" -in "$1.pem" -certfile ca.pem \
        -name "sealdesk-$1" -passout file:pass.txt -out "$1.p12"
    rm -f "$1.csr"
}

"$openssl" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key 2>/dev/null
leaf rsa "SealDesk Test RSA Signer"

"$openssl" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec256.key
leaf ec256 "SealDesk Test EC P-256 Signer"

"$openssl" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.key
leaf ec384 "SealDesk Test EC P-384 Signer"

# --- SM2 (own root, SM3 with the default distinguishing ID) ----------------
"$openssl" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out sm2ca.key
"$openssl" req -new -x509 -key sm2ca.key -sm3 -sigopt distid:1234567812345678 \
    -days "$days" -subj "$subj_base/CN=SealDesk Test SM2 Root CA" \
    -extensions ca -config "$ext_ca" -out sm2ca.pem
"$openssl" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out sm2.key
"$openssl" req -new -key sm2.key -sm3 -sigopt distid:1234567812345678 \
    -subj "$subj_base/CN=SealDesk Test SM2 Signer" -out sm2.csr
"$openssl" x509 -req -in sm2.csr -CA sm2ca.pem -CAkey sm2ca.key -CAcreateserial \
    -sm3 -sigopt distid:1234567812345678 -vfyopt distid:1234567812345678 \
    -days "$days" -extfile "$ext_leaf" -extensions leaf -out sm2.pem 2>/dev/null
rm -f sm2.csr
cp sm2ca.pem sm2-chain.pem
cat sm2.pem sm2ca.pem > sm2-full.pem
# Proves the SM2 chain verifies on this OpenSSL (3.0.x needs the distid here).
"$openssl" verify -CAfile sm2ca.pem -vfyopt distid:1234567812345678 sm2.pem >/dev/null

for k in rsa ec256 ec384; do
    "$openssl" verify -CAfile ca.pem "$k.pem" >/dev/null
done

# --- NSS database (pdfsig, benchmark) --------------------------------------
rm -rf nssdb
mkdir nssdb
: > nss-empty-pw.txt
"$certutil" -N -d sql:nssdb -f nss-empty-pw.txt 2>/dev/null
"$certutil" -A -d sql:nssdb -n "SealDesk Test Root CA" -t "CT,C,C" -i ca.pem
"$pk12util" -i rsa.p12 -d sql:nssdb -w pass.txt -k nss-empty-pw.txt >/dev/null
"$pk12util" -i ec256.p12 -d sql:nssdb -w pass.txt -k nss-empty-pw.txt >/dev/null
# pk12util imports the CA from the p12 without trust; restore CT,C,C.
"$certutil" -M -d sql:nssdb -n "SealDesk Test Root CA" -t "CT,C,C"

rm -f "$ext_ca" "$ext_leaf"
echo "make-keys: test PKI written to $out"
