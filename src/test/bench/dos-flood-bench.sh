#!/bin/bash
# dos-flood-bench.sh - IKE_SA_INIT flood benchmark of our gateway, with Debian's
# strongSwan charon measured the same way in the same run (docs/benchmarks.md, "DoS").
#
#   src/test/bench/dos-flood-bench.sh            (root; after mvn package)
#
# Namespaces (prefix ikbdos, deleted on exit), one bridge:
#   ikbdos-gw 10.99.0.2  responder: our gateway (JVM) or charon, pinned to CPU 0
#   ikbdos-f  10.99.0.4  flooder (ikebana loadgen --flood-rate), pinned to CPU 1 (it
#                        parks instead of spinning when ahead of its schedule),
#                        owns 10.99.64.0/18 (local route) and sends from FLOOD_SOURCES
#                        addresses of it; the responder routes the range back to it
#   ikbdos-c  10.99.0.1  legitimate clients (two ikebana loadgen runs at once: puzzle
#                        solvers and cookie-only), pinned to CPU 1, sources in
#                        10.99.32.0/24 and 10.99.33.0/24 (local routes, routed back)
# Steps, for each responder (ours, then charon):
#   1. capacity C: DoS protection off, a spoofed flood far above capacity for
#      C_SECONDS; C = IKE_SA_INIT responses with SA payload per second (as counted
#      by the flooder; for ours also from the gateway's own exchange counter)
#   2. for each MODE in MODES: DoS protection at its defaults, flood at FACTOR x C_ours
#      (the same rate for both responders) for FLOOD_SECONDS, and after 3 s LEGIT
#      puzzle-solving and LEGIT cookie-only clients connect (concurrency 16 each);
#      success rates, setup times, responder CPU (% of one core over the legit phase)
#      and memory (RSS, peak RSS; ours also the Java heap)
# MODES: spoofed  the flooder never answers (spoofed sources, the classic flood)
#        cookies  the flooder returns every cookie once (it owns its addresses)
# Variables: FACTOR [20] C_SECONDS [10] FLOOD_SECONDS [45] LEGIT [100] MODES ["spoofed cookies"]
#   FLOOD_SOURCES [2048] RESPONDERS ["ikebana charon"] C_RATE [flood rate for step 1: 40000]
#   OUT [target/dos-bench] RETRANSMIT [legit clients: "--retransmit-timeout 2000 --retransmit-base 1.8 --retransmit-tries 5"]
# Bounded: every flood stops after its count and time; targets are namespace addresses only.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
INTEROP=$ROOT/src/test/interop
JAR=$ROOT/target/ikebana.jar
JAVA=${JAVA:-java}
FACTOR=${FACTOR:-20}; C_SECONDS=${C_SECONDS:-10}; FLOOD_SECONDS=${FLOOD_SECONDS:-45}; LEGIT=${LEGIT:-100}
MODES=${MODES:-spoofed cookies}; FLOOD_SOURCES=${FLOOD_SOURCES:-2048}; RESPONDERS=${RESPONDERS:-ikebana charon}
C_RATE=${C_RATE:-40000}
# the legitimate clients retransmit like `ikebana client` (2 s, x1.8, 5 tries)
RETRANSMIT=${RETRANSMIT:---retransmit-timeout 2000 --retransmit-base 1.8 --retransmit-tries 5}
OUT=${OUT:-$ROOT/target/dos-bench}/run-$(date +%Y%m%d-%H%M%S)
PFX=ikbdos
PSK=ikb-test-psk-0123456789
TOKEN=dos-bench-token
mkdir -p "$OUT"
[ -f "$JAR" ] || { echo "missing $JAR: mvn package first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root (namespaces)" >&2; exit 1; }
"$INTEROP/install-deps.sh" >&2 || exit 1

PIDS=()
cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
    [ -n "${CHARON_DIR:-}" ] && "$INTEROP/run-charon.sh" stop "$CHARON_DIR" >/dev/null 2>&1
    "$INTEROP/netns.sh" down $PFX >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

NETNS_NO_V6=1 "$INTEROP/netns.sh" up $PFX c:10.99.0.1 gw:10.99.0.2 f:10.99.0.4 >/dev/null || exit 1
ip -n $PFX-f route add local 10.99.64.0/18 dev lo
ip -n $PFX-c route add local 10.99.32.0/23 dev lo
ip -n $PFX-gw route add 10.99.64.0/18 via 10.99.0.4
ip -n $PFX-gw route add 10.99.32.0/23 via 10.99.0.1
ip -n $PFX-gw addr add 10.99.200.1/32 dev lo   # charon + kernel-libipsec: an address inside NET_TS

cpu_ticks() { awk '{print $14+$15}' /proc/$1/stat 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS/{print $2}' /proc/$1/status 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/{print $2}' /proc/$1/status 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)

loadgen() { # NS CPU NICE LOG ARGS...: ikebana loadgen in a namespace, pinned
    local ns=$1 cpu=$2 nice=$3 log=$4; shift 4
    ip netns exec $PFX-$ns nice -n "$nice" taskset -c "$cpu" "$JAVA" -Xmx512m -XX:+UseSerialGC -jar "$JAR" loadgen "$@" > "$log" 2>&1
}

flood() { # RATE SECONDS LOG [--flood-answer-cookies]: bounded flood from the flooder namespace
    local rate=$1 secs=$2 log=$3; shift 3
    loadgen f 1 0 "$log" -g 10.99.0.2:500 -n 0 --sources 1 --source 127.0.1.1 --flood-rate "$rate" \
        --flood-count "$(awk -v r="$rate" -v s="$secs" 'BEGIN{printf "%d", r*s}')" --duration "$secs" \
        --flood-source 10.99.64.1 --flood-sources "$FLOOD_SOURCES" "$@"
}

start_ikebana() { # DOSYAML: our gateway in ikbdos-gw on CPU 0; sets RESP_PID
    local d=$OUT/ikebana-$RANDOM; mkdir -p "$d"
    cat > "$d/gateway.yaml" <<YAML
node: {name: gw-bench}
listen: {addresses: [10.99.0.2], ikePort: 500, nattPort: 4500}
identity: {id: gw.ikebana.test, auth: psk}
ike: {dpd: 0, ikeRekey: 0, childRekey: 0}
peers:
  - {name: psk, remoteId: "%any", auth: psk, psk: $PSK, pools: [pool4], localTs: [10.99.200.0/24]}
pools: [{name: pool4, cidr: 10.96.0.0/12}]
dataplane: {backend: none}
admin: {enabled: true, address: 10.99.0.2, port: 8480, token: {value: $TOKEN}}
$1
YAML
    ip netns exec $PFX-gw taskset -c 0 "$JAVA" -Xmx512m -jar "$JAR" gateway --config "$d/gateway.yaml" > "$d/gateway.log" 2>&1 &
    RESP_PID=$!; PIDS+=("$RESP_PID")
    for _ in $(seq 1 300); do grep -q "/healthz" "$d/gateway.log" && break; sleep 0.1; done
    grep -q "/healthz" "$d/gateway.log" || { echo "gateway did not start:"; tail -20 "$d/gateway.log"; exit 1; }
    sleep 2   # let the JIT see a few packets' worth of code paths before measuring
}

stop_ikebana() { kill "$RESP_PID" 2>/dev/null; wait "$RESP_PID" 2>/dev/null; }

admin() { ip netns exec $PFX-gw curl -sf -m 5 -H "Authorization: Bearer $TOKEN" "http://10.99.0.2:8480$1"; }

init_ok_count() { # our gateway: IKE_SA_INIT responses sent (exchange counter)
    admin /metrics | awk 'tolower($0) ~ /^ikebana_ike_exchanges_total\{/ && tolower($0) ~ /exchange="ike_sa_init"/ \
        && tolower($0) ~ /role="responder"/ && tolower($0) ~ /outcome="ok"/ {s+=$NF} END{printf "%d", s}'
}

start_charon() { # DOS=default|off: Debian charon in ikbdos-gw on CPU 0; sets RESP_PID CHARON_DIR
    CHARON_DIR=$OUT/charon-$1-$RANDOM
    local extra="ikesa_table_size = 32768
    ikesa_table_segments = 16"
    if [ "$1" = off ]; then
        extra="$extra
    cookie_threshold = 100000000
    cookie_threshold_ip = 100000000
    block_threshold = 100000000"
    fi
    REMOTE_ID=%any LOCAL_ID=gw.ikebana.test PSK=$PSK POOL=10.99.100.0/22 NET_TS=10.99.200.0/24 \
        LOG_DEFAULT=0 LOG_IKE=0 LOG_NET=0 LOG_ENC=0 LOG_CFG=0 LOG_KNL=0 LOG_CHD=0 EXTRA_CHARON="$extra" \
        "$INTEROP/mkinst.sh" "$CHARON_DIR" responder >/dev/null || exit 1
    taskset -c 0 "$INTEROP/run-charon.sh" start "$CHARON_DIR" $PFX-gw > "$CHARON_DIR/start.log" 2>&1 || { cat "$CHARON_DIR/start.log"; exit 1; }
    RESP_PID=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' "$CHARON_DIR/start.log")
    sleep 1
}

stop_charon() {
    "$INTEROP/run-charon.sh" stop "$CHARON_DIR" >/dev/null 2>&1; CHARON_DIR=
    # a charon holding tens of thousands of half-open SAs takes a while to go: the next one must not
    # start while its sockets still take the packets (run 8 measured a charon that received nothing)
    for _ in $(seq 1 200); do
        ip netns exec $PFX-gw ss -Huan 'sport = :500 or sport = :4500' | grep -q . || return 0
        sleep 0.1
    done
    echo "warning: UDP 500/4500 still bound in $PFX-gw after charon stopped" >&2
}

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" "$2" | tail -1; }

capacity() { # NAME: step 1 with the responder already started (protection off)
    local name=$1 log=$OUT/$1-capacity-flood.log before after
    [ "$name" = ikebana ] && before=$(init_ok_count)
    local t0=$(cpu_ticks "$RESP_PID") w0=$(date +%s.%N)
    flood "$C_RATE" "$C_SECONDS" "$log"
    local t1=$(cpu_ticks "$RESP_PID") w1=$(date +%s.%N)
    local answers secs
    answers=$(field sa_init "$log"); secs=$(field seconds "$log")
    local c=$(awk -v a="$answers" -v s="$secs" 'BEGIN{printf "%d", a/s}')
    local extra=""
    if [ "$name" = ikebana ]; then
        after=$(init_ok_count)
        extra=" gateway_counter_per_s=$(awk -v a="$after" -v b="$before" -v s="$secs" 'BEGIN{printf "%d", (a-b)/s}')"
    fi
    # per CPU-second of the responder: comparable even when other load took part of its core
    local per_cpu=$(awk -v a="$answers" -v t=$((t1-t0)) -v hz=$HZ 'BEGIN{printf "%d", (t > 0) ? a / (t / hz) : 0}')
    echo "capacity responder=$name C=$c init_responses=$answers seconds=$secs flood_sent=$(field sent "$log") flood_rate=$(field rate "$log")$extra resp_cpu_pct=$(awk -v t=$((t1-t0)) -v a="$w0" -v b="$w1" -v hz=$HZ 'BEGIN{printf "%.0f", 100*t/hz/(b-a)}') init_per_cpu_s=$per_cpu" | tee -a "$OUT/results.txt"
    C_LAST=$c
}

scenario() { # NAME MODE RATE: step 2 with the responder started (protection at defaults)
    local name=$1 mode=$2 rate=$3 fl=$OUT/$1-$2-flood.log
    local args=(); [ "$mode" = cookies ] && args=(--flood-answer-cookies)
    flood "$rate" "$FLOOD_SECONDS" "$fl" "${args[@]}" &
    local fpid=$!
    sleep 3
    local t0=$(cpu_ticks "$RESP_PID") w0=$(date +%s.%N) peak=0
    local remote_id=gw.ikebana.test
    loadgen c 1 0 "$OUT/$name-$mode-puzzle.log" -g 10.99.0.2:500 --psk $PSK --remote-id $remote_id \
        -n "$LEGIT" -c 16 --source 10.99.32.1 --sources 100 --duration $((FLOOD_SECONDS - 8)) $RETRANSMIT &
    local p1=$!
    loadgen c 1 0 "$OUT/$name-$mode-cookie.log" -g 10.99.0.2:500 --psk $PSK --remote-id $remote_id \
        -n "$LEGIT" -c 16 --source 10.99.33.1 --sources 100 --duration $((FLOOD_SECONDS - 8)) --no-puzzles $RETRANSMIT &
    local p2=$!
    while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null; do
        local r; r=$(rss_kb "$RESP_PID"); [ "$r" -gt "$peak" ] && peak=$r
        sleep 0.5
    done
    local t1=$(cpu_ticks "$RESP_PID") w1=$(date +%s.%N)
    local heap=""
    if [ "$name" = ikebana ]; then
        heap=" heap_used_mb=$(admin /metrics | awk '/^jvm_memory_used_bytes\{.*area="heap"/{s+=$NF} END{printf "%.0f", s/1048576}')"
        admin /api/v1/dos > "$OUT/$name-$mode-dos.json"
        heap="$heap half_open=$(sed -n 's/.*"halfOpen":\([0-9]*\).*/\1/p' "$OUT/$name-$mode-dos.json") level=$(sed -n 's/.*"level":"\([a-z]*\)".*/\1/p' "$OUT/$name-$mode-dos.json")"
    fi
    wait $fpid
    local cpu=$(awk -v t=$((t1-t0)) -v a="$w0" -v b="$w1" -v hz=$HZ 'BEGIN{printf "%.0f", 100*t/hz/(b-a)}')
    echo "flood responder=$name mode=$mode target_rate=$rate achieved_rate=$(field rate "$fl") sent=$(field sent "$fl") cookie=$(field cookie "$fl") puzzle=$(field puzzle "$fl") sa_init=$(field sa_init "$fl") $(grep -o 'puzzle_difficulty={[^}]*}' "$fl" | tr -d ' ')" | tee -a "$OUT/results.txt"
    for kind in puzzle cookie; do
        local lg=$OUT/$name-$mode-$kind.log
        echo "legit responder=$name mode=$mode clients=$kind established=$(field established "$lg")/$(field requested "$lg") success=$(field success "$lg") setup_p50_ms=$(field setup_p50_ms "$lg") setup_p99_ms=$(field setup_p99_ms "$lg")" | tee -a "$OUT/results.txt"
    done
    echo "resources responder=$name mode=$mode cpu_pct_of_one_core=$cpu rss_mb_now=$(( $(rss_kb "$RESP_PID") / 1024 )) rss_mb_peak_sampled=$((peak / 1024)) vmhwm_mb=$(( $(hwm_kb "$RESP_PID") / 1024 ))$heap" | tee -a "$OUT/results.txt"
}

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); FACTOR=$FACTOR LEGIT=$LEGIT FLOOD_SOURCES=$FLOOD_SOURCES FLOOD_SECONDS=$FLOOD_SECONDS" | tee "$OUT/results.txt"
C_OURS=""
for r in $RESPONDERS; do
    if [ "$r" = ikebana ]; then
        start_ikebana "dos: {enabled: false, halfOpen: {capacity: 10000000}}"
        capacity ikebana; C_OURS=$C_LAST
        stop_ikebana
    else
        start_charon off
        capacity charon
        stop_charon
    fi
    [ -n "$C_OURS" ] || C_OURS=$C_LAST
    RATE=$((FACTOR * C_OURS))
    for m in $MODES; do
        if [ "$r" = ikebana ]; then
            start_ikebana "dos: {enabled: true}"
            scenario ikebana "$m" "$RATE"
            stop_ikebana
        else
            start_charon default
            scenario charon "$m" "$RATE"
            stop_charon
        fi
        sleep 2
    done
done
echo "# results in $OUT/results.txt"
