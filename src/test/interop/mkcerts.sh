#!/bin/bash
# mkcerts.sh DIR - test PKI for the interop tests, made with strongSwan's pki.
#
# Files in DIR (certificates PEM X.509; keys PEM, RSA as PKCS#1 "RSA PRIVATE
# KEY", ECDSA as SEC1 "EC PRIVATE KEY"):
#   ca.crt ca.key                 root CA, RSA-2048, CN=Ikebana Test Root CA
#   gw.crt gw.key                 gateway, RSA-2048, SAN DNS gw.ikebana.test,
#                                 serverAuth + ikeIntermediate, issued by ca
#   gw-ecdsa.crt gw-ecdsa.key     the same gateway identity with ECDSA P-256
#   client-ecdsa.crt .key         ECDSA P-256, SAN client-ecdsa@ikebana.test, by ca
#   client-rsa.crt .key           RSA-2048, SAN client-rsa@ikebana.test, by ca
#   int-ca.crt int-ca.key         intermediate CA, RSA-2048, issued by ca
#   client-big.crt .key           RSA-4096 issued by int-ca, SAN
#                                 client-big@ikebana.test + BIG_SANS (60) long
#                                 DNS SANs: IKE_AUTH with it (+ int-ca) is
#                                 several KB, so it must be fragmented (RFC 7383)
#   client-big-chain.pem          client-big.crt followed by int-ca.crt
# Every client's subject is "C=XX, O=Ikebana Test, CN=<its SAN>", so its IKE
# identity can be either.  A peer that trusts ca.crt only needs int-ca.crt sent
# by the client (strongSwan does that when int-ca.crt is in its x509ca/).
#
# Idempotent: does nothing when all files exist (delete DIR to regenerate);
# concurrent runs on the same DIR are serialised with flock.
set -euo pipefail
D=${1:?usage: mkcerts.sh DIR}
BIG_SANS=${BIG_SANS:-60}
mkdir -p "$D"
D=$(cd "$D" && pwd)
FILES=(ca.crt ca.key gw.crt gw.key gw-ecdsa.crt gw-ecdsa.key client-ecdsa.crt client-ecdsa.key
       client-rsa.crt client-rsa.key int-ca.crt int-ca.key client-big.crt client-big.key client-big-chain.pem)
complete() { for f in "${FILES[@]}"; do [ -s "$D/$f" ] || return 1; done; }
complete && exit 0

exec 9>"$D/.lock"
flock -w 120 9
complete && exit 0
cd "$D"
# keep pki away from /etc/strongswan.d (its tpm plugin complains loudly)
printf 'pki {\n  load = random openssl pem pkcs1 pkcs8 x509 pubkey\n}\n' > pki.conf
export STRONGSWAN_CONF=$D/pki.conf
DN="C=XX, O=Ikebana Test"

key() { # NAME rsa|ecdsa BITS
    pki --gen --type "$2" --size "$3" --outform pem > "$1.key.tmp" && mv "$1.key.tmp" "$1.key"
}
issue() { # NAME TYPE ISSUER CN [pki --issue options...]
    local name=$1 type=$2 issuer=$3 cn=$4; shift 4
    pki --pub --in "$name.key" --type "$type" |
        pki --issue --lifetime 1825 --cacert "$issuer.crt" --cakey "$issuer.key" \
            --dn "$DN, CN=$cn" "$@" --outform pem > "$name.crt.tmp"
    mv "$name.crt.tmp" "$name.crt"
}

key ca rsa 2048
pki --self --ca --lifetime 3650 --in ca.key --type rsa --dn "$DN, CN=Ikebana Test Root CA" --outform pem > ca.crt
key int-ca rsa 2048
issue int-ca rsa ca "Ikebana Test Intermediate CA" --ca --pathlen 0

key gw rsa 2048
issue gw rsa ca gw.ikebana.test --san gw.ikebana.test --flag serverAuth --flag ikeIntermediate
key gw-ecdsa ecdsa 256
issue gw-ecdsa ecdsa ca gw.ikebana.test --san gw.ikebana.test --flag serverAuth --flag ikeIntermediate

key client-ecdsa ecdsa 256
issue client-ecdsa ecdsa ca client-ecdsa@ikebana.test --san client-ecdsa@ikebana.test --flag clientAuth
key client-rsa rsa 2048
issue client-rsa rsa ca client-rsa@ikebana.test --san client-rsa@ikebana.test --flag clientAuth

key client-big rsa 4096
sans=()
for i in $(seq 1 "$BIG_SANS"); do sans+=(--san "alias-$i.padding-to-make-the-certificate-large.ikebana.test"); done
issue client-big rsa int-ca client-big@ikebana.test --san client-big@ikebana.test "${sans[@]}" --flag clientAuth
cat client-big.crt int-ca.crt > client-big-chain.pem

complete
echo "certificates in $D: ${FILES[*]}"
