package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.IntegrityAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4303 §3.3.3: the sender never cycles its counter; it asks for a rekey well before. */
class SequenceExhaustionTest {

    private static byte[] down() {
        return TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 80);
    }

    @Test
    void thirtyTwoBitSaRefusesToWrap() {
        // A's counter starts at 2^32 - 5; soft margin 3: rekey from 2^32 - 4 on
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false, Lifetimes.UNLIMITED, 0xFFFF_FFFBL, new EspConfig(3))) {
            p.ioA.inject(down()); // 2^32 - 4
            assertEquals(List.of("rekey " + Peers.SPI_A + " SEQUENCE_NUMBER"), p.listenerA.events);
            for (int i = 0; i < 3; i++) {
                p.ioA.inject(down()); // up to 2^32 - 1
            }
            assertEquals(4, p.statsB().packetsIn());
            assertEquals(0xFFFF_FFFFL, p.statsB().highestInboundSequence());
            p.ioA.inject(down()); // would be 2^32 = 0 on the wire
            assertEquals(4, p.wireAtoB.size());
            assertEquals(1, p.statsA().drops(DropReason.SEQUENCE_EXHAUSTED));
            assertEquals(List.of("rekey " + Peers.SPI_A + " SEQUENCE_NUMBER",
                    "expired " + Peers.SPI_A + " SEQUENCE_NUMBER"), p.listenerA.events);
            p.ioA.inject(down());
            assertEquals(4, p.wireAtoB.size());
        }
    }

    @Test
    void esnSaRunsPast2To32() {
        try (Peers p = new Peers(EspTransform.aesCbc(128, IntegrityAlgorithm.HMAC_SHA2_256_128), true,
                Lifetimes.UNLIMITED, 0xFFFF_FFFDL, EspConfig.defaults())) {
            // B's window must first be near the boundary, as in a long-running SA (RFC 4303 App. A2)
            p.toB(p.craftToB((1L << 32) - 200, down()));
            for (int i = 0; i < 5; i++) {
                p.ioA.inject(down());
            }
            assertEquals(6, p.statsB().packetsIn());
            assertEquals((1L << 32) + 2, p.statsB().highestInboundSequence());
            assertEquals(List.of(), p.listenerA.events);
        }
    }
}
