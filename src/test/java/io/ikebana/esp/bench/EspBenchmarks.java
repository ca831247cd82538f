package io.ikebana.esp.bench;

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
 * Runs the ESP benchmarks (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement) and prints throughput as
 * Gbit/s of inner packets per core. Arguments: an optional benchmark regex (default: all in this
 * package), {@code gc} to add JMH's allocation profiler, and {@code name=v1,v2} to restrict a
 * parameter (e.g. {@code transform=AES_GCM_128 size=1400}).
 */
public final class EspBenchmarks {

    private EspBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = EspBenchmarks.class.getPackageName() + ".*Benchmark.*";
        boolean gc = false;
        java.util.Map<String, String[]> params = new java.util.LinkedHashMap<>();
        for (String a : args) {
            if (a.equals("gc")) {
                gc = true;
            } else if (a.matches("[a-z]+=.+")) {
                params.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1).split(","));
            } else {
                include = a;
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .threads(1);
        params.forEach(options::param);
        options.addProfiler(CpuShareProfiler.class);
        if (gc) {
            options.addProfiler("gc");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println("Gbit/s = inner packet octets x 8 per second; per CPU-s = divided by the CPU time the");
        System.out.println("benchmark JVM got per wall second (cpu.share: < 1 when the machine is loaded)");
        System.out.printf(Locale.ROOT, "%-40s %6s %12s %8s %10s %14s %14s%n", "benchmark", "size", "packets/s",
                "Gbit/s", "cpu.share", "packets/CPU-s", "Gbit/CPU-s");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
            String transform = r.getParams().getParam("transform");
            int size = Integer.parseInt(r.getParams().getParam("size"));
            double ops = r.getPrimaryResult().getScore();
            Result<?> shareResult = r.getSecondaryResults().get(CpuShareProfiler.LABEL);
            double share = shareResult == null ? Double.NaN : shareResult.getScore();
            System.out.printf(Locale.ROOT, "%-40s %6d %12.0f %8.2f %10.2f %14.0f %14.2f%n",
                    name + (transform == null ? "" : " " + transform), size, ops, ops * size * 8 / 1e9, share,
                    ops / share, ops / share * size * 8 / 1e9);
        }
    }
}
