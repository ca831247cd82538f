package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our client against our gateway, in one JVM, over the in-memory loopback. */
class ClientGatewayExchangeTest {

    @ParameterizedTest
    @CsvSource({
        "aes256gcm16-prfsha256-x25519, aes256gcm16",
        "aes128-sha256-ecp256, aes128-sha256",
        "aes256-sha384-ecp384, aes256gcm16",
        "aes128gcm16-prfsha256-modp2048, aes128gcm16-esn",
    })
    void establishesWithPsk(String ike, String esp) throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), ike, esp)) {
            CompletableFuture<IkeSa> up = new CompletableFuture<>();
            n.client.addListener(new EngineListener() {
                @Override
                public void established(IkeSa sa) {
                    up.complete(sa);
                }

                @Override
                public void handshakeFailed(long spi, String reason) {
                    up.completeExceptionally(new AssertionError(reason));
                }
            });
            n.client.connect(n.settings());
            IkeSa sa = up.get(10, TimeUnit.SECONDS);
            assertEquals(1, sa.virtualIps().size());
            assertEquals("10.96.0.1", sa.virtualIps().get(0).getHostAddress());
            waitFor(() -> n.gwPlane.installed.size() == 1 && n.clientPlane.installed.size() == 1);
            ChildSaInstaller.Installation c = n.clientPlane.installed.values().iterator().next();
            ChildSaInstaller.Installation g = n.gwPlane.installed.get(c.outboundSpi());
            assertNotNull(g, "gateway installed the pair the client sends to");
            assertEquals(c.inboundSpi(), g.outboundSpi());
            assertArrayEquals(c.outboundEncKey(), g.inboundEncKey());
            assertArrayEquals(c.inboundEncKey(), g.outboundEncKey());
            assertArrayEquals(c.outboundIntegKey(), g.inboundIntegKey());
            assertEquals(1, n.gwStore.size());
            // the half-open timeout went with the half-open SA: what waits is the SA's own timer
            // (DPD, rekeying), not a timeout holding its keys and IKE_SA_INIT messages for 30 s
            waitFor(() -> n.gwScheduler.pending() <= 1);
            Thread.sleep(200);
            assertTrue(n.gwScheduler.pending() <= 1, "gateway timers: " + n.gwScheduler.pending());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(10);
        }
        assertTrue(cond.getAsBoolean());
    }
}
