#!/bin/bash
# run-charon.sh - run one private charon instance (a directory made by mkinst.sh)
#
#   run-charon.sh run DIR [NETNS]     exec charon in the foreground (the PID
#                                     stays charon's: used by the Java harness)
#   run-charon.sh start DIR [NETNS]   run it in the background, wait for its vici
#                                     socket, load DIR/swanctl (swanctl --load-all)
#   run-charon.sh stop DIR            SIGTERM the PID recorded by start,
#                                     SIGKILL after 10 s
#   run-charon.sh swanctl DIR ARGS... swanctl against this instance
#   run-charon.sh status DIR          "running PID" or "stopped"
#
# Isolation without systemd or /etc:
#  * STRONGSWAN_CONF=DIR/strongswan.conf: charon and swanctl read only that
#    file (explicit plugin list, no /etc/strongswan.d);
#  * SWANCTL_DIR=DIR/swanctl: swanctl reads DIR/swanctl/swanctl.conf;
#  * the vici socket is DIR/charon.vici (set in strongswan.conf);
#  * Debian's charon hard-codes /run/charon.pid and refuses to start while it
#    names a live process, so each charon gets its own mount namespace
#    (unshare --mount) with DIR/run bind-mounted on /run;
#  * NETNS: started with `ip netns exec NETNS`.
# ip netns exec, unshare and sh all exec(), so the PID is charon's own.
# Output of charon itself: DIR/charon.stdout; its log: DIR/charon.log.
# Environment: CHARON_BIN [/usr/lib/ipsec/charon], SWANCTL_BIN [swanctl],
#              START_TIMEOUT seconds to wait for the vici socket [10].
set -euo pipefail
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
DIR=$(cd "$2" && pwd)
shift 2
CHARON_BIN=${CHARON_BIN:-/usr/lib/ipsec/charon}
SWANCTL_BIN=${SWANCTL_BIN:-swanctl}
PIDFILE=$DIR/charon.pid.outer

swan() { STRONGSWAN_CONF="$DIR/strongswan.conf" SWANCTL_DIR="$DIR/swanctl" "$SWANCTL_BIN" "$@"; }
pid_alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

case "$cmd" in
run)
    [ -f "$DIR/strongswan.conf" ] || { echo "$DIR/strongswan.conf missing (mkinst.sh)" >&2; exit 1; }
    rm -f "$DIR/charon.vici" "$DIR/run/charon.pid"
    mkdir -p "$DIR/run"
    pre=()
    [ -z "${1:-}" ] || pre=(ip netns exec "$1")
    exec "${pre[@]}" unshare --mount --propagation private \
        sh -c 'mount --bind "$1" /run && exec env STRONGSWAN_CONF="$2" "$3"' \
        sh "$DIR/run" "$DIR/strongswan.conf" "$CHARON_BIN" < /dev/null
    ;;
start)
    if pid_alive; then echo "already running: $(cat "$PIDFILE")" >&2; exit 1; fi
    # setsid: a Ctrl-C in the calling shell must not reach charon
    setsid "$0" run "$DIR" "${1:-}" > "$DIR/charon.stdout" 2>&1 &
    echo $! > "$PIDFILE"
    for _ in $(seq 1 $(( ${START_TIMEOUT:-10} * 10 ))); do
        [ -S "$DIR/charon.vici" ] && break
        if ! pid_alive; then echo "charon died:" >&2; cat "$DIR/charon.stdout" >&2; exit 1; fi
        sleep 0.1
    done
    [ -S "$DIR/charon.vici" ] || { echo "no vici socket after ${START_TIMEOUT:-10} s, see $DIR/charon.log" >&2; exit 1; }
    swan --load-all --noprompt > "$DIR/swanctl-load.log" 2>&1 || { cat "$DIR/swanctl-load.log" >&2; exit 1; }
    echo "charon started pid=$(cat "$PIDFILE") netns=${1:-none} dir=$DIR"
    ;;
stop)
    [ -f "$PIDFILE" ] || { echo "not started"; exit 0; }
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        # charon deletes its SAs on SIGTERM: give it a moment, then insist
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; echo "killed -9 $pid"; fi
    fi
    rm -f "$PIDFILE" "$DIR/charon.vici"
    echo "charon $pid stopped"
    ;;
swanctl)
    swan "$@"
    ;;
status)
    if pid_alive; then echo "running $(cat "$PIDFILE")"; else echo stopped; fi
    ;;
*) usage ;;
esac
