#!/bin/bash
# install-deps.sh - make sure the Debian packages the interop tests need are
# installed (strongSwan with kernel-libipsec, pki, iproute2, ping, prometheus,
# tcpdump, nftables).
#
#   install-deps.sh            install what is missing (root only), else no-op
#   install-deps.sh --check    only report; exit 1 if something is missing
#
# Idempotent and fast when everything is present (one dpkg-query, no lock).
# When something is missing and we are root: `apt-get update` once, then
# `apt-get install --no-install-recommends` of the missing packages.  Test
# JVMs may call this in parallel, so the install step runs under flock(1);
# apt's own lock is waited for as well (other tools may be running apt).
# Not root and something missing: exit 2 with the list and the command to run.
# Environment: IKB_DEPS_LOCK (lock file, default /tmp/ikebana-install-deps.lock)
set -euo pipefail

PACKAGES=(
    strongswan-charon strongswan-swanctl strongswan-pki
    libcharon-extra-plugins         # kernel-libipsec: this kernel has no ESP in XFRM
    libstrongswan-extra-plugins libstrongswan-standard-plugins
    iproute2 iputils-ping
    curl                            # admin API calls from inside test namespaces
    prometheus
    tcpdump                         # packet capture without tshark's dependency tree
    nftables                        # firewalls inside test namespaces (UDP blocked: RFC 9329 fallback)
)

missing() {
    # dpkg-query prints nothing usable for unknown packages: treat as missing
    local p status
    for p in "${PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        [ "$status" = "install ok installed" ] || echo "$p"
    done
}

todo=$(missing)
if [ -z "$todo" ]; then
    exit 0
fi
if [ "${1:-}" = --check ]; then
    echo "missing packages: $(echo $todo)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps.sh: missing packages: $(echo $todo)" >&2
    echo "install-deps.sh: not root; run as root: $0  (or apt-get install --no-install-recommends $(echo $todo))" >&2
    exit 2
fi

exec 9>"${IKB_DEPS_LOCK:-/tmp/ikebana-install-deps.lock}"
flock -w 900 9 || { echo "install-deps.sh: timed out waiting for the install lock" >&2; exit 3; }
# another JVM may have installed everything while we waited
todo=$(missing)
[ -z "$todo" ] && exit 0

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=300 -q)
echo "install-deps.sh: installing $(echo $todo)" >&2
apt-get "${apt_opts[@]}" update >&2
# shellcheck disable=SC2086  # word splitting of the package list is intended
apt-get "${apt_opts[@]}" install -y --no-install-recommends $todo >&2
todo=$(missing)
if [ -n "$todo" ]; then
    echo "install-deps.sh: still missing after install: $(echo $todo)" >&2
    exit 4
fi
