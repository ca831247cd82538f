#!/bin/bash
# netns.sh - private L2 test networks made of network namespaces.
#
#   netns.sh up PFX HOST:IPV4[/LEN][,IPV4[/LEN]...] ...
#   netns.sh down PFX
#
# up: each HOST becomes a namespace "PFX-HOST" whose interface "eth0" is a
# veth plugged into bridge "br0" in namespace "PFX-br".  IPv4 addresses get
# /24 unless a length is given; each also gets an IPv6 twin fd99::X:Y/64
# (X.Y = the last two octets, so 10.99.0.2 -> fd99::2, 10.99.1.2 -> fd99::1:2).
# Nothing is created in the caller's namespace, and all names live inside
# PFX's own namespaces, so several prefixes can exist at the same time.
# Existing namespaces of the same names are deleted first.
# Per host: IPv6 DAD off (addresses usable at once), rp_filter=0 (the TUN
# device of kernel-libipsec makes routing asymmetric), promote_secondaries=1
# (deleting the primary address must not flush the secondaries: MOBIKE tests).
#
# down: deletes every namespace named "PFX-*".  Processes are never killed
# here (whoever started them stops them by PID); leftovers only cause a warning.
#
# Example: netns.sh up ikbx1 i:10.99.0.1 r:10.99.0.2,10.99.0.3 && netns.sh down ikbx1
# Environment: NETNS_NO_V6=1 to skip the IPv6 addresses.
set -euo pipefail

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

ns_list() { ip netns list | awk '{print $1}'; }
ns_exists() { ns_list | grep -qxF "$1"; }

sysctls() { # NS: settings that must hold before addresses are added
    ip netns exec "$1" sysctl -qw \
        net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
        net.ipv4.conf.all.promote_secondaries=1 net.ipv4.conf.default.promote_secondaries=1 \
        >/dev/null
}

up() {
    local pfx=$1; shift
    [ $# -gt 0 ] || usage
    local br="$pfx-br" spec name addrs ns a
    for spec in "$@"; do
        name=${spec%%:*}
        [[ "$spec" == *:* && -n "$name" && -n "${spec#*:}" ]] || { echo "bad host spec '$spec' (want HOST:IP[,IP])" >&2; exit 2; }
        # bridge port "p-NAME" must fit IFNAMSIZ (15 chars)
        [[ "$name" =~ ^[A-Za-z0-9_]{1,13}$ && "$name" != br ]] || { echo "bad host name '$name' (1-13 of [A-Za-z0-9_], not 'br')" >&2; exit 2; }
    done
    for ns in "$br" $(for spec in "$@"; do echo "$pfx-${spec%%:*}"; done); do
        if ns_exists "$ns"; then ip netns del "$ns"; fi
    done

    ip netns add "$br"
    ip -n "$br" link set lo up
    ip -n "$br" link add br0 type bridge
    ip -n "$br" link set br0 up

    for spec in "$@"; do
        name=${spec%%:*}; addrs=${spec#*:}; ns="$pfx-$name"
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        sysctls "$ns"
        # created directly inside the two namespaces: no temporary names in
        # the caller's namespace that could clash with a parallel run
        ip -n "$ns" link add eth0 type veth peer name "p-$name" netns "$br"
        ip -n "$br" link set "p-$name" master br0 up
        for a in ${addrs//,/ }; do
            [[ "$a" == */* ]] || a="$a/24"
            ip -n "$ns" addr add "$a" dev eth0
            if [ -z "${NETNS_NO_V6:-}" ]; then
                local ip4=${a%/*} o3 o4
                o3=$(cut -d. -f3 <<<"$ip4"); o4=$(cut -d. -f4 <<<"$ip4")
                ip -n "$ns" addr add "fd99::$(printf '%x:%x' "$o3" "$o4")/64" dev eth0 nodad
            fi
        done
        ip -n "$ns" link set eth0 up
        echo "netns $ns: $(ip -n "$ns" -br addr show dev eth0 | awk '{$1="";$2="";print}')"
    done
}

down() {
    local pfx=$1 ns pids rc=0
    for ns in $(ns_list | grep -E "^${pfx}-" || true); do
        # exact prefix match only: "ikb1" must not take "ikb12-x"
        [ "${ns%-*}" = "$pfx" ] || continue
        pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ' || true)
        [ -z "${pids// /}" ] || echo "warning: namespace $ns still has processes: $pids(not killed)" >&2
        ip netns del "$ns" || rc=1
    done
    return $rc
}

[ $# -ge 2 ] || usage
[[ "$2" =~ ^[A-Za-z0-9_]{1,20}$ ]] || { echo "bad prefix '$2'" >&2; exit 2; }
case "$1" in
    up)   shift; up "$@" ;;
    down) down "$2" ;;
    *)    usage ;;
esac
