#!/bin/bash
# loadtest.sh - cost of setting up an IKE SA on the responder: Ikebana and strongSwan's charon,
# measured in the same run with strongSwan's load-tester as initiator.
#
#   sudo [VAR=value ...] src/test/bench/loadtest.sh
#
# For each responder in turn (and PASSES times, alternating): start the responder pinned to CPU 0
# and a fresh load-tester initiator pinned to CPU 1, set up WARMUP IKE SAs (not counted: JIT and
# caches), then ROUNDS rounds of N IKE SAs with CONCURRENCY in flight. With INTERLEAVE=1 (two or
# more responders) all run at once, each with its own initiator in its own pair of namespaces,
# all warmed up first; then their measured rounds alternate (A B, B A, A B, ...: PASSES x ROUNDS
# rounds each), every responder but the one whose turn it is stopped (SIGSTOP) so that neither
# its work nor its absence disturbs the other's round, and continued (SIGCONT) for its own:
# timers that fell due meanwhile run in its round, i.e. are counted. A change of the host's speed
# then hits all alike; the summary adds the ratio of each alternation's rounds. Each IKE SA is PSK +
# aes256gcm16-prfsha256-x25519 + a virtual IPv4 address (CP request) + one Child SA (aes256gcm16),
# initiator identities c<N>-1@ssw.test, no rekeying, no DPD. Per round it reads the responder's
# CPU time (utime+stime of the whole process, /proc/PID/stat) before and after and prints
#
#   resp_sa_per_cpu_s = IKE SAs established / responder CPU seconds
#
# i.e. how many IKE SAs one core of the responder sets up per second of its own CPU, independent
# of how fast the load generator is. A summary (median, min, max per responder, and the ratio
# of each ikebana responder to charon) follows the per-round lines.
#
# Responders (RESPONDERS, in this order):
#   charon          strongSwan 5.9.8 built with the load-tester plugin (/opt/strongswan-lt, see
#                   ../../../docs/benchmarks.md); its kernel interface is the load-tester's fake
#                   kernel: CHILD SAs are negotiated, keyed and "installed" into nothing (no ESP
#                   data plane). 16 threads, IKE SA table 32768 buckets / 16 segments, DoS
#                   thresholds out of the way, logging at level 0 (one line per established SA
#                   to a file).
#   charon-libipsec Debian's charon (/usr/lib/ipsec/charon) with kernel-libipsec: each CHILD SA
#                   becomes a userspace ESP SA plus a route to a TUN device (a real data plane,
#                   but libipsec's look-ups are linear in the number of SAs).
#   ikebana         java -jar target/ikebana.jar gateway --config gateway-loadtest.yaml: the
#                   embedded single-member Hazelcast SA store, the memory ESP data plane (each
#                   Child SA's keys installed in the in-process ESP data plane), DoS guard off,
#                   default logging (INFO: one line per established SA, to a file).
#   ikebana-standalone  the same with cluster.enabled: false: one node, its IKE SAs and leases in
#                   process memory as charon keeps its own (no Hazelcast member, no sealed records)
#
# Variables (defaults in brackets):
#   RESPONDERS   space-separated list                    [charon ikebana]
#   N            IKE SAs per measured round               [2000]
#   ROUNDS       measured rounds per responder and pass  [3]
#   WARMUP       IKE SAs before the measured rounds      [2000]
#   PASSES       times the whole RESPONDERS list is run  [1]
#   INTERLEAVE=1 both responders up at once, rounds alternating (see above)  []
#   CONCURRENCY  IKE SAs in flight (closed loop)          [32]
#   TIMEOUT_S    bound of each round                     [300]
#   PIN          1 = responder on CPU 0, initiator on CPU 1 (taskset)  [1]
#   JAR          the gateway jar                          [target/ikebana.jar]
#   JAVA_OPTS    JVM options of the gateway               [-Xms1g -Xmx1g]
#                (heap sized up front, as the Dockerfile and the Helm chart do: growing it
#                while SAs accumulate costs full collections in the measured rounds)
#   JFR          file: run the gateway with Java Flight Recorder (profile settings, stacks 256
#                deep) and write the part recorded during the measured rounds to this file  []
#   HISTO        file: after the last round, the gateway's live-object heap histogram (jmap)  []
#   THREAD_CPU=1 after each round, the responder's CPU time per thread (names with digits folded)
#   KEEP=1       keep the work directory (configs, logs)  []
#
# Network: two namespaces created here, <pfx>-i (10.99.0.1) and <pfx>-r (10.99.0.2), joined
# by one veth pair (with INTERLEAVE=1 a second such pair, <pfx>-i2 and <pfx>-r2); nothing leaves them. Every process started here is stopped by its PID and
# the namespaces are deleted on exit (also on Ctrl-C). Needs root, iproute2, util-linux
# (taskset, unshare, setsid), python3, Java 17 and the private strongSwan build.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)

RESPONDERS=${RESPONDERS:-"charon ikebana"}
N=${N:-2000}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2000}
PASSES=${PASSES:-1}
CONCURRENCY=${CONCURRENCY:-32}
TIMEOUT_S=${TIMEOUT_S:-300}
PIN=${PIN:-1}
JAR=${JAR:-$REPO/target/ikebana.jar}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
JFR=${JFR:-}
HISTO=${HISTO:-}
INTERLEAVE=${INTERLEAVE:-}
PSK=ikebana-loadtest-psk-0123456789
LT=/opt/strongswan-lt
PFX=ikblt$$
NS_I=$PFX-i
NS_R=$PFX-r
NSS=()
I_ADDR=10.99.0.1
R_ADDR=10.99.0.2
WORK=$(mktemp -d /tmp/ikebana-loadtest.XXXXXX)
RESULTS=$WORK/results.txt
HZ=$(getconf CLK_TCK)

if [ "$(id -u)" != 0 ]; then echo "needs root (namespaces, port 500)" >&2; exit 1; fi
for t in ip taskset unshare setsid python3 java; do
    command -v $t >/dev/null || { echo "missing: $t" >&2; exit 1; }
done
[ -x $LT/libexec/ipsec/charon ] || { echo "missing $LT: build strongSwan with the load-tester first (docs/benchmarks.md)" >&2; exit 1; }
case " $RESPONDERS " in *" ikebana "*) [ -f "$JAR" ] || { echo "missing $JAR: mvn -B -q package -DskipTests" >&2; exit 1; } ;; esac
if [ "$PIN" = 1 ]; then RTS=(taskset -c 0); ITS=(taskset -c 1); else RTS=(); ITS=(); fi

PIDS=()
cleanup() {
    local p i
    for ((i=${#PIDS[@]}-1; i>=0; i--)); do
        p=${PIDS[i]}
        kill -0 "$p" 2>/dev/null || continue
        kill -CONT "$p" 2>/dev/null || true
        kill -TERM "$p" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true
    done
    for ns in "${NSS[@]}"; do
        if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
            left=$(ip netns pids "$ns" 2>/dev/null || true)
            [ -n "$left" ] && echo "warning: $ns still has processes $left (not ours to kill)" >&2
            ip netns del "$ns" || true
        fi
    done
    if [ -n "${KEEP:-}" ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() { # PID: SIGTERM, up to 10 s, then SIGKILL
    local p=$1
    kill -0 "$p" 2>/dev/null || return 0
    kill -CONT "$p" 2>/dev/null || true
    kill -TERM "$p"
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
thread_ticks() { # PID: "name utime stime" per thread (the name is field 2, in parentheses)
    for t in /proc/"$1"/task/*/stat; do
        sed -E 's/^[0-9]+ \((.*)\) [A-Z] (.*)$/\1|\2/' "$t" 2>/dev/null | awk -F'|' '{ split($2, f, " "); n = $1; gsub(/[0-9]+/, "N", n); gsub(/ /, "_", n); print n, f[11], f[12] }' || true  # a thread may end meanwhile
    done
}
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

# ---------------------------------------------------------------- network
make_net() { # NS_I NS_R: the initiator's and the responder's namespace, one veth pair between them
    local ni=$1 nr=$2 ns
    ip netns add "$ni"
    NSS+=("$ni")
    ip netns add "$nr"
    NSS+=("$nr")
    ip -n "$ni" link add eth0 type veth peer name eth0 netns "$nr"
    for ns in "$ni" "$nr"; do ip -n "$ns" link set lo up; done
    ip -n "$ni" addr add $I_ADDR/24 dev eth0
    ip -n "$nr" addr add $R_ADDR/24 dev eth0
    ip -n "$nr" addr add 10.99.200.1/32 dev lo
    ip -n "$ni" link set eth0 up
    ip -n "$nr" link set eth0 up
}
make_net "$NS_I" "$NS_R"

# ---------------------------------------------------------------- strongSwan instances
# charon in NS with its own /run (Debian's charon insists on /run/charon.pid, the private build
# on $LT/run/charon.pid): unshare a mount namespace and bind DIR/run there. ip netns exec,
# taskset, unshare and sh all exec(), so $! is charon's PID.
start_charon() { # DIR NS BINARY PIDDIR TASKSET...
    local dir=$1 ns=$2 bin=$3 piddir=$4
    shift 4
    mkdir -p "$dir/run"
    setsid ip netns exec "$ns" "$@" unshare --mount --propagation private \
        sh -c 'mount --bind "$1" "$2" && exec env STRONGSWAN_CONF="$3" "$4"' \
        sh "$dir/run" "$piddir" "$dir/strongswan.conf" "$bin" > "$dir/stdout" 2>&1 < /dev/null &
    CHARON_PID=$!
    PIDS+=("$CHARON_PID")
    for _ in $(seq 1 100); do
        [ -S "$dir/charon.vici" ] && return 0
        kill -0 "$CHARON_PID" 2>/dev/null || { cat "$dir/stdout" >&2; echo "charon died ($dir)" >&2; exit 1; }
        sleep 0.1
    done
    echo "charon: no vici socket after 10 s ($dir)" >&2
    exit 1
}

swanctl_of() { # DIR SWANCTL ARGS...
    local dir=$1 bin=$2
    shift 2
    STRONGSWAN_CONF="$dir/strongswan.conf" SWANCTL_DIR="$dir/swanctl" "$bin" "$@"
}

charon_responder_conf() { # DIR KIND
    local dir=$1 kind=$2 load kernel
    mkdir -p "$dir/swanctl"
    if [ "$kind" = charon ]; then
        load="random nonce openssl curve25519 aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 x509 pubkey revocation constraints socket-default vici attr load-tester kernel-netlink"
        kernel="load-tester {
            enable = yes
            fake_kernel = yes
            initiators = 0
            # its own built-in responder configuration must not match our traffic
            responder = 127.0.0.99
            socket = unix://$dir/charon.ldt
        }"
    else
        load="random nonce openssl curve25519 aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 x509 pubkey revocation constraints socket-default vici attr kernel-libipsec kernel-netlink"
        kernel="kernel-libipsec { allow_peer_ts = yes }"
    fi
    cat > "$dir/strongswan.conf" <<CONF
charon {
    port = 500
    port_nat_t = 4500
    threads = 16
    load_modular = no
    load = $load
    install_routes = yes
    install_virtual_ip = yes
    retransmit_tries = 3
    retransmit_timeout = 2.0
    # a single-source load test must not trip the per-IP DoS limits
    cookie_threshold = 1000000
    cookie_threshold_ip = 1000000
    block_threshold = 1000000
    # the default (1 bucket) makes every look-up scan all IKE SAs
    ikesa_table_size = 32768
    ikesa_table_segments = 16
    filelog {
        main {
            path = $dir/charon.log
            time_format = %b %e %T
            flush_line = yes
            default = 0
        }
    }
    syslog { daemon { default = -1 } }
    plugins {
        vici { socket = unix://$dir/charon.vici }
        $kernel
    }
}
swanctl {
    socket = unix://$dir/charon.vici
    load = pem pkcs1 pkcs8 x509 openssl pubkey
}
CONF
    cat > "$dir/swanctl/swanctl.conf" <<CONF
connections {
  rw {
    version = 2
    local_addrs = %any
    proposals = aes256gcm16-prfsha256-x25519,aes128-sha256-ecp256
    pools = vips
    mobike = yes
    fragmentation = yes
    rekey_time = 0
    unique = never
    local {
      auth = psk
      id = gw.ssw.test
    }
    remote {
      auth = psk
      id = %any
    }
    children {
      net {
        local_ts = 10.99.200.0/24
        esp_proposals = aes256gcm16,aes128-sha256
        dpd_action = clear
      }
    }
  }
}
pools {
  vips { addrs = 10.128.0.0/14 }
}
secrets {
  ike-any {
    id-any = %any
    secret = "$PSK"
  }
}
CONF
}

initiator_conf() { # DIR
    local dir=$1
    mkdir -p "$dir/swanctl"
    cat > "$dir/strongswan.conf" <<CONF
charon {
    port = 500
    port_nat_t = 4500
    # each in-flight control connection blocks one thread
    threads = $((CONCURRENCY + 16))
    load_modular = no
    load = random nonce openssl curve25519 aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 x509 pubkey socket-default vici load-tester kernel-netlink
    install_virtual_ip = no
    install_routes = no
    # otherwise each initiation scans all IKE SAs for one to reuse (quadratic)
    reuse_ikesa = no
    ikesa_table_size = 32768
    ikesa_table_segments = 16
    filelog {
        main {
            path = $dir/charon.log
            flush_line = yes
            default = 0
        }
    }
    syslog { daemon { default = -1 } }
    plugins {
        vici { socket = unix://$dir/charon.vici }
        load-tester {
            enable = yes
            fake_kernel = yes
            initiators = 0
            socket = unix://$dir/charon.ldt
            version = 2
            initiator = $I_ADDR
            responder = $R_ADDR
            proposal = aes256gcm16-prfsha256-x25519
            esp = aes256gcm16
            initiator_auth = psk
            responder_auth = psk
            preshared_key = $PSK
            initiator_id = c%d-%d@ssw.test
            responder_id = gw.ssw.test
            request_virtual_ip = yes
            initiator_tsr = 10.99.200.0/24
            ike_rekey = 0
            child_rekey = 0
            dpd_delay = 0
        }
    }
}
swanctl { socket = unix://$dir/charon.vici }
CONF
}

# ---------------------------------------------------------------- Ikebana
start_ikebana() { # DIR [YAML]: YAML is appended to the configuration
    local dir=$1 extra=${2:-} jfr=()
    mkdir -p "$dir"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/admin.token"
    chmod 600 "$dir/admin.token"
    sed -e "s|@ADDR@|$R_ADDR|" -e "s|@PSK@|$PSK|" -e "s|@TOKEN_FILE@|$dir/admin.token|" \
        "$HERE/gateway-loadtest.yaml" > "$dir/gateway.yaml"
    if [ -n "$extra" ]; then echo "$extra" >> "$dir/gateway.yaml"; fi
    if [ -n "$JFR" ]; then
        jfr=(-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=name=bench,settings=profile,maxage=1h)
    fi
    # shellcheck disable=SC2086
    setsid ip netns exec "$NS_R" "${RTS[@]}" java $JAVA_OPTS "${jfr[@]}" -jar "$JAR" gateway --config "$dir/gateway.yaml" \
        > "$dir/gateway.log" 2>&1 < /dev/null &
    RESP_PID=$!
    PIDS+=("$RESP_PID")
    for _ in $(seq 1 1200); do
        grep -qs "listening on" "$dir/gateway.log" && return 0
        kill -0 "$RESP_PID" 2>/dev/null || { tail -20 "$dir/gateway.log" >&2; echo "gateway died" >&2; exit 1; }
        sleep 0.1
    done
    echo "gateway not listening after 120 s" >&2
    exit 1
}

ikebana_sas() { # DIR: IKE SAs the gateway holds: the store's count, as the admin API's SA list gives it
    ip netns exec "$NS_R" python3 - "$1/admin.token" <<'PY' 2>/dev/null || echo "?"
import json, sys, urllib.request
tok = open(sys.argv[1]).read().strip()
req = urllib.request.Request("http://127.0.0.1:8480/api/v1/sas?limit=1", headers={"Authorization": "Bearer " + tok})
print(json.load(urllib.request.urlopen(req, timeout=60)).get("total", "?"))
PY
}

# ---------------------------------------------------------------- one responder, one load-tester
round() { # KIND PASS ROUND COUNT IDIR
    local kind=$1 pass=$2 rnd=$3 n=$4 idir=$5 r0 r1 i0 i1 t0 t1 res est wall rcpu icpu
    if [ -n "${THREAD_CPU:-}" ]; then thread_ticks "$RESP_PID" > "$WORK/threads.0"; fi
    r0=$(cpu_ticks "$RESP_PID"); i0=$(cpu_ticks "$INIT_PID"); t0=$(date +%s.%N)
    res=$(python3 "$HERE/ldt-client.py" "$idir/charon.ldt" "$n" "$CONCURRENCY" "$TIMEOUT_S")
    t1=$(date +%s.%N); r1=$(cpu_ticks "$RESP_PID"); i1=$(cpu_ticks "$INIT_PID")
    est=$(echo "$res" | sed -n 's/.*established=\([0-9]*\).*/\1/p')
    if [ -n "${THREAD_CPU:-}" ]; then
        thread_ticks "$RESP_PID" > "$WORK/threads.1"
        awk -v hz="$HZ" -v k="$kind" -v rd="$rnd" 'FNR == NR { u[$1] -= $2; s[$1] -= $3; next }
            { u[$1] += $2; s[$1] += $3 }
            END { for (n in u) if (u[n] + s[n] > 0) printf "threads responder=%s round=%s %-40s user_s=%.2f sys_s=%.2f\n", k, rd, n, u[n] / hz, s[n] / hz }' \
            "$WORK/threads.0" "$WORK/threads.1" | sort -t= -k4 -rn | head -20 >&2
    fi
    read -r wall rcpu icpu <<<"$(awk -v a="$t0" -v b="$t1" -v r="$((r1 - r0))" -v i="$((i1 - i0))" -v hz="$HZ" \
        'BEGIN { printf "%.3f %.2f %.2f", b - a, r / hz, i / hz }')"
    awk -v k="$kind" -v p="$pass" -v rd="$rnd" -v res="$res" -v est="$est" -v w="$wall" -v rc="$rcpu" -v ic="$icpu" \
        -v rss="$(rss_kb "$RESP_PID")" 'BEGIN {
            printf "responder=%s pass=%s round=%s %s resp_cpu_s=%.2f resp_sa_per_cpu_s=%.0f resp_cpu_pct=%.0f init_cpu_pct=%.0f resp_rss_kb=%s\n",
                k, p, rd, res, rc, (rc > 0 ? est / rc : 0), 100 * rc / w, 100 * ic / w, rss }' | tee -a "$RESULTS"
}

start_pair() { # KIND PASS: the responder and its load-tester; sets RDIR IDIR RESP_PID INIT_PID
    local kind=$1 pass=$2 rdir=$WORK/$1-$2 idir=$WORK/init-$1-$2
    RDIR=$rdir
    IDIR=$idir
    mkdir -p "$rdir"
    case "$kind" in
    charon)
        charon_responder_conf "$rdir" charon
        start_charon "$rdir" "$NS_R" $LT/libexec/ipsec/charon $LT/run "${RTS[@]}"
        RESP_PID=$CHARON_PID
        swanctl_of "$rdir" $LT/sbin/swanctl --load-all --noprompt > "$rdir/load.log" 2>&1 || { cat "$rdir/load.log" >&2; exit 1; } ;;
    charon-libipsec)
        charon_responder_conf "$rdir" libipsec
        start_charon "$rdir" "$NS_R" /usr/lib/ipsec/charon /run "${RTS[@]}"
        RESP_PID=$CHARON_PID
        swanctl_of "$rdir" /usr/sbin/swanctl --load-all --noprompt > "$rdir/load.log" 2>&1 || { cat "$rdir/load.log" >&2; exit 1; } ;;
    ikebana)
        start_ikebana "$rdir" ;;
    ikebana-standalone)
        start_ikebana "$rdir" "cluster: {enabled: false}" ;;
    *) echo "unknown responder $kind" >&2; exit 1 ;;
    esac
    initiator_conf "$idir"
    start_charon "$idir" "$NS_I" $LT/libexec/ipsec/charon $LT/run "${ITS[@]}"
    INIT_PID=$CHARON_PID
    sleep 1
    if [ "$WARMUP" -gt 0 ]; then round "$kind" "$pass" warmup "$WARMUP" "$idir"; fi
}

per_kind() { # FILE KIND: FILE for ikebana, FILE with -KIND before its extension for another variant
    if [ "$2" = ikebana ]; then echo "$1"; else echo "${1%.*}-$2.${1##*.}"; fi
}

finish_pair() { # KIND PASS ROUNDS_DONE JFR_BEGIN: report what the responder holds, dump, stop both
    local kind=$1 pass=$2 done=$3 jfr_begin=$4 rdir=$RDIR held
    case "$kind" in
    ikebana*) held=$(ikebana_sas "$rdir") ;;
    charon) held=$(swanctl_of "$rdir" $LT/sbin/swanctl --stats 2>/dev/null | awk '/IKE_SAs:/{print $2}') ;;
    *) held=$(swanctl_of "$rdir" /usr/sbin/swanctl --stats 2>/dev/null | awk '/IKE_SAs:/{print $2}') ;;
    esac
    echo "responder=$kind pass=$pass ike_sas_held=${held:-?} expected=$((WARMUP + done * N))" | tee -a "$RESULTS"
    if [ -n "$JFR" ] && [ "${kind%%-*}" = ikebana ]; then
        jcmd "$RESP_PID" JFR.dump name=bench begin="$jfr_begin" filename="$(per_kind "$JFR" "$kind")" > "$rdir/jfr.log" 2>&1 \
            && echo "JFR recording of the measured rounds: $(per_kind "$JFR" "$kind")" >&2
    fi
    if [ -n "$HISTO" ] && [ "${kind%%-*}" = ikebana ]; then
        jmap -histo:live "$RESP_PID" > "$(per_kind "$HISTO" "$kind")" 2> "$rdir/histo.log" \
            && echo "heap histogram (live objects, after a full collection): $(per_kind "$HISTO" "$kind")" >&2
    fi
    stop_pid "$INIT_PID"
    stop_pid "$RESP_PID"
}

run_responder() { # KIND PASS
    local kind=$1 pass=$2 jfr_begin
    start_pair "$kind" "$pass"
    # starting a recording later deoptimises the compiled code: it runs from the start instead
    jfr_begin=$(date +%H:%M:%S)
    for r in $(seq 1 "$ROUNDS"); do round "$kind" "$pass" "$r" "$N" "$IDIR"; done
    finish_pair "$kind" "$pass" "$ROUNDS" "$jfr_begin"
}

interleave() { # all responders up at once, measured rounds alternating (INTERLEAVE=1)
    local kinds=($RESPONDERS) slot r jfr_begin order n
    local -a rpid ipid rdirs idirs
    n=${#kinds[@]}
    [ "$n" -ge 2 ] || { echo "INTERLEAVE=1 needs two or more RESPONDERS" >&2; exit 1; }
    for slot in $(seq 0 $((n - 1))); do
        net_of "$slot"
        [ "$slot" = 0 ] || make_net "$NS_I" "$NS_R"
        start_pair "${kinds[slot]}" 1
        rpid[slot]=$RESP_PID; ipid[slot]=$INIT_PID; rdirs[slot]=$RDIR; idirs[slot]=$IDIR
        kill -STOP "$RESP_PID"
    done
    jfr_begin=$(date +%H:%M:%S)
    for r in $(seq 1 $((PASSES * ROUNDS))); do
        # forwards in odd rounds, backwards in even ones: a drift of the host's speed hits each alike
        if [ $((r % 2)) = 1 ]; then order=$(seq 0 $((n - 1))); else order=$(seq $((n - 1)) -1 0); fi
        for slot in $order; do
            net_of "$slot"
            RESP_PID=${rpid[slot]}; INIT_PID=${ipid[slot]}
            kill -CONT "$RESP_PID"
            round "${kinds[slot]}" 1 "$r" "$N" "${idirs[slot]}"
            kill -STOP "$RESP_PID"
        done
    done
    for slot in $(seq 0 $((n - 1))); do
        net_of "$slot"
        RESP_PID=${rpid[slot]}; INIT_PID=${ipid[slot]}; RDIR=${rdirs[slot]}
        kill -CONT "$RESP_PID"
        finish_pair "${kinds[slot]}" 1 $((PASSES * ROUNDS)) "$jfr_begin"
    done
}

net_of() { # SLOT: the namespaces of the SLOT-th responder of INTERLEAVE=1 (0: the usual pair)
    if [ "$1" = 0 ]; then NS_I=$PFX-i; NS_R=$PFX-r; else NS_I=$PFX-i$(($1 + 1)); NS_R=$PFX-r$(($1 + 1)); fi
}

echo "# $(date -u +%FT%TZ) nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) N=$N ROUNDS=$ROUNDS WARMUP=$WARMUP PASSES=$PASSES INTERLEAVE=${INTERLEAVE:-0} CONCURRENCY=$CONCURRENCY PIN=$PIN JAVA_OPTS=$JAVA_OPTS" | tee -a "$RESULTS"
if [ -n "$INTERLEAVE" ]; then
    interleave
else
    for pass in $(seq 1 "$PASSES"); do
        for kind in $RESPONDERS; do
            run_responder "$kind" "$pass"
        done
    done
fi

# ---------------------------------------------------------------- summary
python3 - "$RESULTS" "${INTERLEAVE:-}" <<'PY'
import re, statistics, sys
rows = {}
by_round = {}
for line in open(sys.argv[1]):
    kv = dict(re.findall(r"(\w+)=(\S+)", line))
    if "resp_sa_per_cpu_s" in kv and kv.get("round") != "warmup":
        rows.setdefault(kv["responder"], []).append(float(kv["resp_sa_per_cpu_s"]))
        by_round.setdefault((kv["pass"], kv["round"]), {})[kv["responder"]] = float(kv["resp_sa_per_cpu_s"])
med = {}
for k, v in rows.items():
    med[k] = statistics.median(v)
    print(f"summary responder={k} rounds={len(v)} resp_sa_per_cpu_s_median={med[k]:.0f} "
          f"min={min(v):.0f} max={max(v):.0f} all={','.join(f'{x:.0f}' for x in v)}")
for k in sorted(med):
    if k.startswith("ikebana") and med.get("charon"):
        print(f"summary ratio_{k.replace('-', '_')}_over_charon={med[k] / med['charon']:.2f} (target >= 1.5)")
        pairs = [r[k] / r["charon"] for r in by_round.values() if r.get("charon") and k in r]
        if sys.argv[2] and pairs:
            print(f"summary {k} pair_ratios={','.join(f'{x:.2f}' for x in pairs)} median={statistics.median(pairs):.2f} "
                  f"min={min(pairs):.2f} max={max(pairs):.2f} (each: {k} / charon in the same alternation)")
PY
