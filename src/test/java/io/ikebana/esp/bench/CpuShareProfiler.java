package io.ikebana.esp.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time the benchmark JVM got per second of an iteration ({@code cpu.share}, in cores): on a
 * shared, loaded machine a single-threaded benchmark gets only part of a core, and JMH's score
 * (operations per wall second) shrinks with it. Score / share = operations per CPU-second, the
 * per-core figure. The share includes GC and JIT threads, so that figure errs low. Also the
 * process CPU time per operation ({@code cpu.time}, ns/op), the same measurement per operation.
 */
public final class CpuShareProfiler implements InternalProfiler {
    public static final String LABEL = "cpu.share";
    public static final String PER_OP_LABEL = "cpu.time";
    private final com.sun.management.OperatingSystemMXBean os =
            ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
    private long cpu0;
    private long wall0;

    @Override
    public String getDescription() {
        return "process CPU seconds per wall second of each iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wall0 = System.nanoTime();
        cpu0 = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpu0;
        double share = cpu / (double) (System.nanoTime() - wall0);
        long ops = result.getMetadata().getMeasuredOps();
        return List.of(new ScalarResult(LABEL, share, "cores", AggregationPolicy.AVG),
                new ScalarResult(PER_OP_LABEL, ops == 0 ? Double.NaN : (double) cpu / ops, "ns/op",
                        AggregationPolicy.AVG));
    }
}
