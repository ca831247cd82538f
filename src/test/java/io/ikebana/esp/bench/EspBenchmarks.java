package io.ikebana.esp.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the ESP benchmarks (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement) and prints throughput as
 * Gbit/s of inner packets per core. Arguments: an optional benchmark regex (default: all in this
 * package), and {@code gc} to add JMH's allocation profiler.
 */
public final class EspBenchmarks {

    private EspBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = EspBenchmarks.class.getPackageName() + ".*Benchmark.*";
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
                .threads(1);
        if (gc) {
            options.addProfiler("gc");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-60s %8s %14s %10s%n", "benchmark", "size", "packets/s", "Gbit/s");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
            String transform = r.getParams().getParam("transform");
            int size = Integer.parseInt(r.getParams().getParam("size"));
            double ops = r.getPrimaryResult().getScore();
            System.out.printf(Locale.ROOT, "%-60s %8d %14.0f %10.2f%n",
                    name + (transform == null ? "" : " " + transform), size, ops, ops * size * 8 / 1e9);
        }
    }
}
