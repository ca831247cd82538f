package io.ikebana.esp.bench;

import io.ikebana.esp.EspDataPlane;
import io.ikebana.esp.io.MemoryPacketIo;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Outbound path per packet, one thread: inner packet from the device -> selector lookup ->
 * sequence number -> padding -> encryption -> sender. The sender only records the length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EspEncryptBenchmark {

    @Param({"AES_GCM_128", "AES_GCM_256", "AES_CBC_128_HMAC_SHA2_256"})
    public BenchTransform transform;

    @Param({"64", "512", "1400"})
    public int size;

    private MemoryPacketIo io;
    private EspDataPlane dataPlane;
    private byte[] inner;
    private long sentBytes;

    @Setup(Level.Trial)
    public void setUp() {
        io = new MemoryPacketIo();
        dataPlane = BenchSetup.dataPlane(io, (l, r, buf, off, len) -> sentBytes += len);
        dataPlane.install(BenchSetup.spec(transform.transform, false));
        inner = BenchSetup.inner(size, true);
    }

    @Benchmark
    public long encrypt() {
        io.inject(inner, 0, inner.length);
        return sentBytes;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (sentBytes == 0) {
            throw new IllegalStateException("nothing was sent");
        }
        dataPlane.close();
    }
}
