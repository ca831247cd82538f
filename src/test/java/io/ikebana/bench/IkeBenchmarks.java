package io.ikebana.bench;

import io.ikebana.esp.bench.CpuShareProfiler;
import io.ikebana.wire.codec.MessageEncoder;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the IKE benchmarks of this package (IKE_AUTH codec, key schedule, x25519) like
 * {@code io.ikebana.esp.bench.EspBenchmarks}: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, one
 * thread, plus {@link CpuShareProfiler} (CPU time per operation, which a busy shared machine does not
 * inflate the way it inflates wall-clock time). Arguments: an optional benchmark regex (default:
 * all {@code *Benchmark} classes here), and {@code gc} to add JMH's allocation profiler. Prints a
 * summary table at the end.
 */
public final class IkeBenchmarks {

    private IkeBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = IkeBenchmarks.class.getPackageName() + ".*Benchmark.*";
        boolean gc = false;
        for (String a : args) {
            if (a.equals("gc")) {
                gc = true;
            } else {
                include = a;
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .threads(1)
                .addProfiler(CpuShareProfiler.class);
        if (gc) {
            options.addProfiler("gc");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        IkeAuthMessages m = new IkeAuthMessages(new SecureRandom());
        byte[] skE = new byte[36];
        int req = MessageEncoder.protect(m.requestHeader, java.util.List.of(), m.request,
                IkeAuthMessages.aesGcm256(skE, new SecureRandom())).length;
        int resp = MessageEncoder.protect(m.responseHeader, java.util.List.of(), m.response,
                IkeAuthMessages.aesGcm256(skE, new SecureRandom())).length;
        System.out.println();
        System.out.printf(Locale.ROOT, "IKE_AUTH request %d octets, response %d octets (AES-GCM-256)%n", req, resp);
        System.out.printf(Locale.ROOT, "%-45s %12s %10s %14s %16s%n", "benchmark", "wall/op", "error",
                "CPU ns/op", "ops per CPU-s");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceFirst(".*\\.bench\\.", "");
            double score = r.getPrimaryResult().getScore();
            String unit = r.getPrimaryResult().getScoreUnit().replace("/op", "");
            Result<?> cpu = r.getSecondaryResults().get(CpuShareProfiler.PER_OP_LABEL);
            double cpuNs = cpu == null ? Double.NaN : cpu.getScore();
            System.out.printf(Locale.ROOT, "%-45s %9.1f %s %10.1f %14.0f %16.0f%n", name, score, unit,
                    r.getPrimaryResult().getScoreError(), cpuNs, 1e9 / cpuNs);
        }
    }
}
