package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.esp.crypto.EspTransform;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Soft limits raise "rekey needed" once; hard limits raise "expired" once and stop the SA. */
class LifetimeTest {

    private static byte[] down(int size) {
        return TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, size);
    }

    private static byte[] up(int size) {
        return TestPackets.ipv4OfLength(Peers.CLIENT_VIP, "203.0.113.9", size);
    }

    @Test
    void timeLimitsFireOnTickWithTheInjectedClock() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false, Lifetimes.ofSeconds(10, 20), 0, EspConfig.defaults())) {
            p.clock.addAndGet(TimeUnit.SECONDS.toNanos(9));
            p.a.tick();
            assertEquals(List.of(), p.listenerA.events);
            p.clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            p.a.tick();
            p.a.tick();
            assertEquals(List.of("rekey " + Peers.SPI_A + " TIME"), p.listenerA.events);
            assertTrue(p.statsA().rekeyRequested());
            p.ioA.inject(down(100)); // still usable after the soft limit
            assertEquals(1, p.statsB().packetsIn());

            p.clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
            p.a.tick();
            p.a.tick();
            assertEquals(List.of("rekey " + Peers.SPI_A + " TIME", "expired " + Peers.SPI_A + " TIME"), p.listenerA.events);
            assertTrue(p.statsA().expired());
            // no processing in either direction
            p.ioA.inject(down(100));
            assertEquals(1, p.wireAtoB.size());
            p.ioB.inject(up(100));
            assertNull(p.ioA.poll());
            assertEquals(1, p.statsA().drops(DropReason.SA_EXPIRED));
            assertEquals(1, p.metricsA.drops(Direction.OUTBOUND, DropReason.NO_OUTBOUND_SA));
        }
    }

    @Test
    void aTickRaisesOnlyWhatIsDueAndNothingForRemovedPairs() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false, Lifetimes.ofSeconds(10, 20), 0, EspConfig.defaults())) {
            // 3,000 more pairs, 2,900 of them removed again: enough to make the data plane rebuild its queue
            for (int i = 0; i < 3_000; i++) {
                p.a.install(p.specA().spis(0x7100_0000 + i, 0x7200_0000 + i).lifetimes(Lifetimes.ofSeconds(10, 20))
                        .build());
            }
            for (int i = 100; i < 3_000; i++) {
                assertTrue(p.a.remove(0x7100_0000 + i));
            }
            p.clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
            p.a.tick();
            assertEquals(101, p.listenerA.events.size());
            assertTrue(p.listenerA.events.stream().allMatch(e -> e.startsWith("rekey ") && e.endsWith(" TIME")));
            p.a.tick();
            assertEquals(101, p.listenerA.events.size());
            assertTrue(p.a.remove(0x7100_0000));
            p.clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
            p.a.tick();
            assertEquals(101 + 100, p.listenerA.events.size());
            assertEquals(100, p.listenerA.events.stream().filter(e -> e.startsWith("expired ")).count());
        }
    }

    @Test
    void packetLimitsCountEachDirection() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false, Lifetimes.ofPackets(3, 5), 0, EspConfig.defaults())) {
            p.ioA.inject(down(60));
            p.ioA.inject(down(60));
            p.ioB.inject(up(60));
            p.ioB.inject(up(60));
            assertEquals(List.of(), p.listenerA.events);
            p.ioA.inject(down(60));
            assertEquals(List.of("rekey " + Peers.SPI_A + " PACKETS"), p.listenerA.events);
            p.ioB.inject(up(60));
            p.ioA.inject(down(60));
            assertEquals(1, p.listenerA.events.size());
            p.ioA.inject(down(60)); // the 5th outbound packet is sent, then the SA expires
            assertEquals(5, p.statsB().packetsIn());
            assertEquals("expired " + Peers.SPI_A + " PACKETS", p.listenerA.events.get(1));
            p.ioA.inject(down(60));
            assertEquals(5, p.statsB().packetsIn());
            p.ioB.inject(up(60));
            assertEquals(3, p.statsA().packetsIn());
            assertEquals(1, p.statsA().drops(DropReason.SA_EXPIRED));
        }
    }

    @Test
    void byteLimitsCountInnerBytes() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false, Lifetimes.ofBytes(1000, 2000), 0, EspConfig.defaults())) {
            p.ioB.inject(up(999));
            assertEquals(List.of(), p.listenerA.events);
            p.ioB.inject(up(20));
            assertEquals(List.of("rekey " + Peers.SPI_A + " BYTES"), p.listenerA.events);
            p.ioB.inject(up(981)); // exactly 2000
            assertEquals(List.of("rekey " + Peers.SPI_A + " BYTES", "expired " + Peers.SPI_A + " BYTES"),
                    p.listenerA.events);
            assertEquals(3, p.statsA().packetsIn());
            assertEquals(2000, p.statsA().bytesIn());
            assertFalse(p.a.stats(Peers.SPI_A).isEmpty());
        }
    }

    @Test
    void removedSaStopsWithoutAnEvent() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            byte[] inner = up(100);
            p.deliver = false;
            p.ioB.inject(inner);
            assertTrue(p.a.remove(Peers.SPI_A));
            assertFalse(p.a.remove(Peers.SPI_A));
            byte[] esp = p.wireBtoA.get(0).clone();
            p.a.onInbound(Peers.ADDR_B, Peers.ADDR_A, esp, 0, esp.length);
            assertEquals(1, p.metricsA.drops(Direction.INBOUND, DropReason.UNKNOWN_SPI));
            assertEquals(List.of(), p.listenerA.events);
            assertTrue(p.a.stats(Peers.SPI_A).isEmpty());
        }
    }
}
