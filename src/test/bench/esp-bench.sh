#!/bin/bash
# esp-bench.sh - the ESP throughput benchmark of docs/benchmarks.md ("ESP per core") in one go:
# per run, on the same machine one after the other,
#   1. JMH: EspDecryptBenchmark / EspEncryptBenchmark, AES-GCM-128, 64/512/1400 B, one thread
#      (io.ikebana.esp.bench.EspBenchmarks; packets per CPU-second via CpuShareProfiler)
#   2. the wire: io.ikebana.bench.EspWireBench (gateway JVM pinned to CPU 0, client to CPU 1)
#   3. strongSwan kernel-libipsec: src/test/bench/esp-libipsec-bench.sh (charons pinned the same way)
# then a summary with ranges over the runs and the ratios ours / strongSwan per CPU-second.
#
#   src/test/bench/esp-bench.sh            (as root, from the repository; builds first)
#
# Environment: RUNS [3], SECONDS_PER_SIZE [10] (wire), DURATION [5] (strongSwan), SKIP_BUILD [0],
# OUT [target/esp-bench/DATE]. Everything is bounded in time; see the two scripts/mains for their
# own settings and clean-up.
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS=${RUNS:-3}
SECONDS_PER_SIZE=${SECONDS_PER_SIZE:-10}
OUT=${OUT:-target/esp-bench/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mvn -B -q package -DskipTests
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
CP=target/test-classes:target/classes:$(cat target/cp.txt)
LOGCONF=-Djava.util.logging.config.file=src/test/resources/logging.properties
{
    echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) vCPUs, $(uname -r), $(java -version 2>&1 | head -1)"
    echo "strongSwan: $(dpkg-query -W -f='${Version}' strongswan-charon 2>/dev/null)"
} | tee "$OUT/machine.txt"
for r in $(seq 1 "$RUNS"); do
    echo "=== run $r $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    taskset -c 1 timeout 600 java -Djmh.ignoreLock=true -cp "$CP" io.ikebana.esp.bench.EspBenchmarks \
        'io.ikebana.esp.bench.Esp(De|En)cryptBenchmark' transform=AES_GCM_128 > "$OUT/jmh-$r.txt" 2>&1
    grep -E "^(de|en)crypt AES" "$OUT/jmh-$r.txt"
    timeout 900 taskset -c 1 java -Xmx1g $LOGCONF -Dgw.cpus=0 -cp "$CP" io.ikebana.bench.EspWireBench \
        "$SECONDS_PER_SIZE" > "$OUT/wire-$r.txt" 2>&1
    grep -E "^\| (decrypt|echo) .* gateway threads" "$OUT/wire-$r.txt" | sed 's/ gateway threads.*//'
    timeout 600 src/test/bench/esp-libipsec-bench.sh > "$OUT/libipsec-$r.txt" 2>&1
    grep -E "^(udp|tcp) " "$OUT/libipsec-$r.txt"
done
python3 - "$OUT" "$RUNS" <<'PY' | tee "$OUT/summary.md"
import re, sys, glob, collections
out, runs = sys.argv[1], int(sys.argv[2])
v = collections.defaultdict(list)   # (what, size) -> values over runs
for r in range(1, runs + 1):
    for line in open(f"{out}/jmh-{r}.txt"):
        m = re.match(r"^(decrypt|encrypt) AES_GCM_128\s+(\d+)\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)", line)
        if m:
            v[("jmh " + m.group(1), int(m.group(2)))].append(float(m.group(3)))
    for line in open(f"{out}/wire-{r}.txt"):
        if " gateway threads" not in line:
            continue
        c = [x.strip() for x in line.split("|")]
        mode, size = c[1], int(c[2])
        dec_kpps, cpu, gbit_cpu, loop_gbit = float(c[4]), float(c[7]), float(c[8]), float(c[10])
        v[("wire " + mode, size)].append(gbit_cpu)
        v[("wire loop " + mode, size)].append(loop_gbit)
        if dec_kpps > 0:
            v[("wire us " + mode, size)].append(cpu / dec_kpps * 1e3)
    for line in open(f"{out}/libipsec-{r}.txt"):
        m = re.match(r"^(udp|tcp) size=(\d+) (.*)", line)
        if not m:
            continue
        kv = dict(x.split("=") for x in m.group(3).split())
        size = int(m.group(2))
        t = m.group(1)
        v[(f"ssw {t} decrypt", size)].append(float(kv["decrypt_gbit_per_cpu_s"]))
        v[(f"ssw {t} encrypt", size)].append(float(kv["encrypt_gbit_per_cpu_s"]))
        d, e = float(kv["decrypt_kpps_per_cpu_s"]), float(kv["encrypt_kpps_per_cpu_s"])
        if d > 0 and e > 0:
            v[(f"ssw {t} us", size)].append(1e3 / d + 1e3 / e)
def rng(k, fmt="{:.2f}"):
    x = v.get(k)
    if not x:
        return "-"
    return fmt.format(min(x)) if len(x) == 1 else f"{fmt.format(min(x))}–{fmt.format(max(x))}"
def med(k):
    x = sorted(v.get(k, []))
    return x[len(x) // 2] if x else None
print(f"Per core = per CPU-second of the process doing the work; ranges over {runs} runs.\n")
print("| inner size | JMH decrypt | JMH encrypt | wire decrypt, gateway | wire decrypt, event loop | strongSwan libipsec decrypt (UDP) | strongSwan libipsec encrypt (UDP) | ratio wire decrypt ours/strongSwan (medians) | ratio JMH decrypt ours/strongSwan (medians) |")
print("|---|---|---|---|---|---|---|---|---|")
for s in (64, 512, 1400):
    a, b, c = med(("wire decrypt", s)), med(("ssw udp decrypt", s)), med(("jmh decrypt", s))
    print(f"| {s} B | {rng(('jmh decrypt', s))} | {rng(('jmh encrypt', s))} | {rng(('wire decrypt', s))} | {rng(('wire loop decrypt', s))} | "
          f"{rng(('ssw udp decrypt', s), '{:.3f}')} | {rng(('ssw udp encrypt', s), '{:.3f}')} | "
          f"{(a / b) if a and b else float('nan'):.1f}× | {(c / b) if c and b else float('nan'):.1f}× |")
print("\n(Gbit/s of inner packets per CPU-second.)\n")
print("| inner size | ours: gateway CPU per echoed packet (decrypt + encrypt), µs | strongSwan: decrypt + encrypt CPU per packet, µs | ratio strongSwan/ours (medians) |")
print("|---|---|---|---|")
for s in (64, 512, 1400):
    a, b = med(("wire us echo", s)), med(("ssw udp us", s))
    print(f"| {s} B | {rng(('wire us echo', s), '{:.1f}')} | {rng(('ssw udp us', s), '{:.1f}')} | {(b / a) if a and b else float('nan'):.1f}× |")
print(f"\nstrongSwan TCP stream (1400-octet packets): decrypt {rng(('ssw tcp decrypt', 1400), '{:.3f}')}, "
      f"encrypt {rng(('ssw tcp encrypt', 1400), '{:.3f}')} Gbit/s per charon CPU-second")
PY
echo "results in $OUT"
