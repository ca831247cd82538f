#!/bin/bash
# esp-libipsec-bench.sh - ESP throughput of strongSwan's kernel-libipsec (user-space ESP over a
# TUN device, the same job as our gateway's data plane), per CPU-second of charon.
#
#   src/test/bench/esp-libipsec-bench.sh            (as root)
#
# Two network namespaces joined by a veth pair (PFX-i 10.99.0.1, PFX-r 10.99.0.2), one charon
# in each (Debian's /usr/lib/ipsec/charon with kernel-libipsec, private configs made by
# src/test/interop/mkinst.sh, started by run-charon.sh), one IKE SA with one Child SA
# (ESP aes128gcm16 unless ESP_PROPOSAL says otherwise; UDP-encapsulated, as libipsec always
# does). Then, through the tunnel, bounded in time and size:
#
#   udp S   python3 sends UDP datagrams of S octets (IP packet size) from the initiator to
#           10.99.200.1 for DURATION seconds (a socket that never reads takes them, so nothing
#           answers); responder charon decrypts, initiator charon encrypts
#   tcp     one TCP stream of at most TCP_BYTES (and DURATION seconds) initiator -> responder
#           (1400-octet packets: libipsec's TUN MTU), read and discarded by python3
#
# Measured per test: inner octets through the responder's TUN device (decrypted by charon and
# written to ipsec0; from `ip -s link`), encrypted packets on the initiator's eth0, and each
# charon's CPU time (utime + stime of /proc/PID/stat, all threads). Printed: Gbit/s (wall) and
# Gbit/s per charon CPU-second (decrypt: responder, encrypt: initiator) = the per-core figure to
# set against EspWireBench (docs/benchmarks.md).
#
# Environment: PFX [ikbespb] namespace prefix, SIZES [64 512 1400], DURATION [5] seconds per
# test, TCP_BYTES [4294967296], ESP_PROPOSAL [aes128gcm16], PIN [1]: the responder's charon
# (decrypting) on CPU 0, the initiator's charon and the traffic generator on CPU 1, as
# EspWireBench pins the gateway and the client (0 = no pinning), KEEP [0]: keep the work dir.
# Needs strongswan-charon strongswan-swanctl libcharon-extra-plugins python3 iproute2
# (installed with apt-get when missing). Cleans up (charons stopped by their recorded PIDs,
# python3 processes by theirs, namespaces deleted) on exit, also on Ctrl-C.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
INTEROP=$HERE/../interop
PFX=${PFX:-ikbespb}
SIZES=${SIZES:-64 512 1400}
DURATION=${DURATION:-5}
TCP_BYTES=${TCP_BYTES:-4294967296}
ESP_PROPOSAL=${ESP_PROPOSAL:-aes128gcm16}
PIN=${PIN:-1}
KEEP=${KEEP:-0}
NI=$PFX-i
NR=$PFX-r
[ "$(id -u)" = 0 ] || { echo "run as root (namespaces, TUN devices)" >&2; exit 1; }
if [ ! -x /usr/lib/ipsec/charon ] || ! command -v swanctl >/dev/null \
        || [ ! -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        strongswan-charon strongswan-swanctl libcharon-extra-plugins >/dev/null
fi
command -v python3 >/dev/null || { echo "python3 missing" >&2; exit 1; }

WORK=$(mktemp -d /tmp/ikb-esp-bench.XXXXXX)
PIDS=()
cleanup() {
    set +e
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for d in "$WORK/i" "$WORK/r"; do [ -f "$d/charon.pid.outer" ] && "$INTEROP/run-charon.sh" stop "$d" >/dev/null; done
    for ns in "$NI" "$NR"; do ip netns del "$ns" 2>/dev/null; done
    [ "$KEEP" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- network: two namespaces, one veth pair
for ns in "$NI" "$NR"; do
    ip netns del "$ns" 2>/dev/null || true
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # the TUN device of kernel-libipsec makes routing asymmetric
    ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
done
ip -n "$NI" link add eth0 type veth peer name eth0 netns "$NR"
ip -n "$NI" addr add 10.99.0.1/24 dev eth0
ip -n "$NR" addr add 10.99.0.2/24 dev eth0
ip -n "$NI" link set eth0 up
ip -n "$NR" link set eth0 up
# the responder's protected network needs an address of its own (libipsec routes with it)
ip -n "$NR" addr add 10.99.200.1/32 dev lo

# --- two charons
common=(LOG_DEFAULT=0 LOG_IKE=1 LOG_NET=0 LOG_ENC=0 LOG_CFG=0 LOG_KNL=0 LOG_CHD=0 MOBIKE=no
        IKE_PROPOSAL=aes128gcm16-prfsha256-x25519 ESP_PROPOSAL=$ESP_PROPOSAL)
env "${common[@]}" "$INTEROP/mkinst.sh" "$WORK/r" responder >/dev/null
env "${common[@]}" REMOTE_ADDR=10.99.0.2 "$INTEROP/mkinst.sh" "$WORK/i" initiator >/dev/null
"$INTEROP/run-charon.sh" start "$WORK/r" "$NR" >/dev/null
"$INTEROP/run-charon.sh" start "$WORK/i" "$NI" >/dev/null
RPID=$(cat "$WORK/r/charon.pid.outer")
IPID=$(cat "$WORK/i/charon.pid.outer")
"$INTEROP/run-charon.sh" swanctl "$WORK/i" --initiate --child net > "$WORK/initiate.log" 2>&1 \
    || { cat "$WORK/initiate.log" >&2; exit 1; }
ip netns exec "$NI" ping -c 1 -W 3 10.99.200.1 >/dev/null || { echo "no traffic through the tunnel" >&2; exit 1; }
if [ "$PIN" = 1 ]; then
    taskset -a -p -c 0 "$RPID" >/dev/null
    taskset -a -p -c 1 "$IPID" >/dev/null
    GEN=(taskset -c 1)
else
    GEN=()
fi
SA=$("$INTEROP/run-charon.sh" swanctl "$WORK/r" --list-sas | grep -E "^ *net: |AES_GCM|AES_CBC" | head -3 | tr -s ' ' | tr '\n' ' ')
VIP=$(ip -n "$NI" -4 -br addr show | awk '/10\.99\.100\./{print $3}' | cut -d/ -f1 | head -1)
VIP=${VIP:-$(ip -n "$NI" route get 10.99.200.1 table 220 2>/dev/null | grep -o 'src [0-9.]*' | cut -d' ' -f2)}

echo "BENCHMARK esp-libipsec-bench: $(/usr/lib/ipsec/charon --version 2>/dev/null || dpkg-query -W -f='${Version}' strongswan-charon) \
esp=$ESP_PROPOSAL duration=${DURATION}s pin=$PIN load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "child SA: $SA"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }          # USER_HZ = 100
# rx_bytes rx_packets tx_bytes tx_packets of DEV in NS
counters() { ip netns exec "$1" cat /sys/class/net/$2/statistics/{rx_bytes,rx_packets,tx_bytes,tx_packets} | tr '\n' ' '; }
ROWS=()

measure() { # NAME SIZE CMD...: runs CMD in the initiator's namespace, prints one result line
    local name=$1 size=$2; shift 2
    local r0 i0 t0 rt0 it0 r1 i1 t1 rt1 it1
    read -r -a r0 <<<"$(counters "$NR" ipsec0)"
    read -r -a i0 <<<"$(counters "$NI" eth0)"
    rt0=$(ticks "$RPID"); it0=$(ticks "$IPID"); t0=$(date +%s.%N)
    "$@"
    sleep 0.3   # what is queued gets processed and counted
    t1=$(date +%s.%N); rt1=$(ticks "$RPID"); it1=$(ticks "$IPID")
    read -r -a r1 <<<"$(counters "$NR" ipsec0)"
    read -r -a i1 <<<"$(counters "$NI" eth0)"
    python3 - "$name" "$size" "$t0" "$t1" "$rt0" "$rt1" "$it0" "$it1" "${r0[0]}" "${r1[0]}" "${r0[1]}" "${r1[1]}" \
        "${i0[3]}" "${i1[3]}" <<'PY'
import sys
name, size = sys.argv[1], sys.argv[2]
t0, t1, rt0, rt1, it0, it1, rb0, rb1, rp0, rp1, ep0, ep1 = map(float, sys.argv[3:])
wall = t1 - t0
dec_bytes, dec_pkts = rb1 - rb0, rp1 - rp0          # inner, written to the responder's TUN
enc_pkts = ep1 - ep0                                 # ESP packets out of the initiator (+ a few ACKs/IKE: none)
rcpu, icpu = (rt1 - rt0) / 100, (it1 - it0) / 100
inner = dec_bytes / dec_pkts if dec_pkts else 0
enc_bits = enc_pkts * inner * 8
print(f"{name} size={size} wall_s={wall:.2f} decrypted_kpps={dec_pkts/wall/1e3:.1f} "
      f"decrypted_gbit_s={dec_bytes*8/wall/1e9:.3f} encrypted_kpps={enc_pkts/wall/1e3:.1f} "
      f"resp_cpu_cores={rcpu/wall:.2f} init_cpu_cores={icpu/wall:.2f} "
      f"decrypt_gbit_per_cpu_s={(dec_bytes*8/rcpu/1e9 if rcpu else 0):.3f} "
      f"encrypt_gbit_per_cpu_s={(enc_bits/icpu/1e9 if icpu else 0):.3f} "
      f"decrypt_kpps_per_cpu_s={(dec_pkts/rcpu/1e3 if rcpu else 0):.1f} "
      f"encrypt_kpps_per_cpu_s={(enc_pkts/icpu/1e3 if icpu else 0):.1f}")
PY
}

# a UDP sink that never reads (so the kernel answers nothing) and a TCP sink
ip netns exec "$NR" python3 - <<'PY' > "$WORK/sink.log" 2>&1 &
import socket, threading, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("10.99.200.1", 5002))
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind(("10.99.200.1", 5001)); t.listen(1)
def serve():
    while True:
        c, _ = t.accept(); n = 0
        while True:
            b = c.recv(1 << 20)
            if not b: break
            n += len(b)
        print("tcp_received", n, flush=True); c.close()
threading.Thread(target=serve, daemon=True).start()
time.sleep(3600)   # bounded: the script kills it at the end
PY
PIDS+=($!)
sleep 0.5

udp_send() { # SIZE: UDP datagrams of SIZE octets (IP) for DURATION seconds
    ip netns exec "$NI" "${GEN[@]}" python3 - "$1" "$DURATION" <<'PY'
import socket, sys, time
size, dur = int(sys.argv[1]), float(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("10.99.200.1", 5002))
payload = b"\0" * (size - 28)
end = time.monotonic() + dur
n = 0
while n < 50_000_000:
    for _ in range(256):
        try:
            s.send(payload)
        except OSError:
            pass
    n += 256
    if time.monotonic() >= end:
        break
PY
}

tcp_send() {
    ip netns exec "$NI" "${GEN[@]}" python3 - "$TCP_BYTES" "$DURATION" <<'PY'
import socket, sys, time
total, dur = int(sys.argv[1]), float(sys.argv[2])
s = socket.create_connection(("10.99.200.1", 5001))
buf = b"\0" * (1 << 16)
end = time.monotonic() + dur
sent = 0
while sent < total and time.monotonic() < end:
    sent += s.send(buf)
s.close()
PY
}

DURATION=1 udp_send 1400 >/dev/null 2>&1 || true   # warm-up
for size in $SIZES; do
    measure udp "$size" udp_send "$size"
done
measure tcp 1400 tcp_send
sleep 0.5
echo "tcp sink: $(tail -1 "$WORK/sink.log")"
