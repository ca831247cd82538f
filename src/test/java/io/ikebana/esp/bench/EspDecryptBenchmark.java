package io.ikebana.esp.bench;

import io.ikebana.esp.EspDataPlane;
import io.ikebana.esp.io.MemoryPacketIo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Inbound path per packet, one thread: SPI lookup -> replay check -> ICV + decryption in place ->
 * window update -> trailer, inner header and selector checks -> device write. Each invocation
 * feeds a batch of {@value #BATCH} distinct packets (sequence numbers 1..BATCH, as the peer sent
 * them); the untimed per-invocation setup reinstalls the SA (fresh replay window) and restores
 * the ciphertexts, since decryption is in place and a second pass would be a replay.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EspDecryptBenchmark {

    static final int BATCH = 1024;

    @Param({"AES_GCM_128", "AES_GCM_256", "AES_CBC_128_HMAC_SHA2_256"})
    public BenchTransform transform;

    @Param({"64", "512", "1400"})
    public int size;

    private final BenchSetup.CountingSink device = new BenchSetup.CountingSink();
    private EspDataPlane gateway;
    private byte[][] pristine;
    private byte[][] work;
    private long expectedDelivered;

    @Setup(Level.Trial)
    public void setUp() {
        // the client side produces the packets the gateway will decrypt
        List<byte[]> wire = new ArrayList<>();
        MemoryPacketIo clientIo = new MemoryPacketIo();
        EspDataPlane client = BenchSetup.dataPlane(clientIo,
                (l, r, buf, off, len) -> wire.add(Arrays.copyOfRange(buf, off, off + len)));
        client.install(BenchSetup.spec(transform.transform, true));
        byte[] inner = BenchSetup.inner(size, false);
        for (int i = 0; i < BATCH; i++) {
            clientIo.inject(inner);
        }
        client.close();
        pristine = wire.toArray(new byte[0][]);
        work = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            work[i] = pristine[i].clone();
        }
        gateway = BenchSetup.dataPlane(new MemoryPacketIo(device), (l, r, buf, off, len) -> { });
    }

    @Setup(Level.Invocation)
    public void freshWindow() {
        if (device.packets != expectedDelivered) {
            throw new IllegalStateException("delivered " + device.packets + ", expected " + expectedDelivered);
        }
        gateway.remove(BenchSetup.SPI_IN);
        gateway.install(BenchSetup.spec(transform.transform, false));
        for (int i = 0; i < BATCH; i++) {
            System.arraycopy(pristine[i], 0, work[i], 0, pristine[i].length);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decrypt() {
        for (byte[] packet : work) {
            gateway.onInbound(BenchSetup.REMOTE, BenchSetup.LOCAL, packet, 0, packet.length);
        }
        expectedDelivered += BATCH;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gateway.close();
    }
}
