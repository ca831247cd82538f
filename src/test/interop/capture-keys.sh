#!/bin/bash
# capture-keys.sh OUT - run strongSwan against strongSwan with IKE/CHD/ENC log
# level 4 and keep the logs: the known answers of KeyScheduleStrongSwanTest.
#
# For each case below: an initiator (namespace PFX-i, 10.99.0.1) and a
# responder (PFX-r, 10.99.0.2), PSK authentication, one IKE_SA with its first
# CHILD_SA (IKE_AUTH, no PFS), then `swanctl --rekey --child` (CREATE_CHILD_SA
# with PFS: the ESP proposal carries a key exchange method) and
# `swanctl --rekey --ike` (RFC 7296 §2.18).  The initiator's charon.log ends
# up as OUT/CASE.log; strongswan-keys.py turns the logs into
# src/test/resources/io/ikebana/ike/strongswan-keys-CASE.txt.
# These are keys of a throwaway test run, nothing else.
# Environment: PFX (namespace prefix) [ikbkeys]
set -euo pipefail
OUT=${1:?usage: capture-keys.sh OUT}
HERE=$(cd "$(dirname "$0")" && pwd)
PFX=${PFX:-ikbkeys}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/ikb-capture-keys.XXXXXX)

cleanup() {
    "$HERE/run-charon.sh" stop "$WORK/i" >/dev/null 2>&1 || true
    "$HERE/run-charon.sh" stop "$WORK/r" >/dev/null 2>&1 || true
    "$HERE/netns.sh" down "$PFX" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

wait_log() { # FILE REGEX: up to 10 s
    for _ in $(seq 1 100); do grep -qE "$2" "$1" && return 0; sleep 0.1; done
    echo "timed out waiting for /$2/ in $1" >&2
    return 1
}

"$HERE/install-deps.sh"
"$HERE/netns.sh" up "$PFX" i:10.99.0.1 r:10.99.0.2
ip -n "$PFX-r" addr add 10.99.200.1/32 dev lo

# CASE IKE-PROPOSAL ESP-PROPOSAL (the ESP proposal's group is used for the PFS rekey only)
CASES=(
    "gcm256-sha256-x25519 aes256gcm16-prfsha256-x25519 aes256gcm16-x25519"
    "cbc128-sha256-ecp256 aes128-sha256-ecp256 aes128-sha256-ecp256"
    "cbc256-sha384-ecp384 aes256-sha384-ecp384 aes256-sha384-modp2048"
    "gcm128-sha512-modp3072 aes128gcm16-prfsha512-modp3072 aes128gcm16-ecp256"
)
for c in "${CASES[@]}"; do
    read -r name ike esp <<< "$c"
    export LOG_IKE=4 LOG_CHD=4 LOG_ENC=4
    IKE_PROPOSAL=$ike ESP_PROPOSAL=$esp "$HERE/mkinst.sh" "$WORK/r" responder >/dev/null
    IKE_PROPOSAL=$ike ESP_PROPOSAL=$esp "$HERE/mkinst.sh" "$WORK/i" initiator >/dev/null
    "$HERE/run-charon.sh" start "$WORK/r" "$PFX-r" >/dev/null
    "$HERE/run-charon.sh" start "$WORK/i" "$PFX-i" >/dev/null
    "$HERE/run-charon.sh" swanctl "$WORK/i" --initiate --child net > "$WORK/initiate.out"
    # swanctl --rekey only triggers the exchange: wait for its outcome in the log
    "$HERE/run-charon.sh" swanctl "$WORK/i" --rekey --child net > /dev/null
    wait_log "$WORK/i/charon.log" 'CHILD_SA net\{2\} established'
    "$HERE/run-charon.sh" swanctl "$WORK/i" --rekey --ike ikb > /dev/null
    wait_log "$WORK/i/charon.log" 'IKE_SA ikb\[2\] rekeyed|rekeyed .* ikb\[2\]|IKE_SA rekeyed'
    "$HERE/run-charon.sh" swanctl "$WORK/i" --list-sas > "$OUT/$name.sas"
    "$HERE/run-charon.sh" stop "$WORK/i" >/dev/null
    "$HERE/run-charon.sh" stop "$WORK/r" >/dev/null
    cp "$WORK/i/charon.log" "$OUT/$name.log"
    echo "$name: captured"
done
