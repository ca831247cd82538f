package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.IntegrityAlgorithm;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4303 receiver rules on hand-made packets: replay, ICV, padding, next header, TFC, selectors. */
class InboundRulesTest {

    static Stream<EspTransform> transforms() {
        return Stream.of(EspTransform.aesGcm16(128), EspTransform.aesCbc(128, IntegrityAlgorithm.HMAC_SHA2_256_128));
    }

    private static byte[] inner() {
        return TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60);
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void replayedPacketIsDroppedAndCounted(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] esp = p.craftToB(1, inner());
            p.toB(esp);
            p.toB(esp);
            assertEquals(1, p.statsB().packetsIn());
            assertEquals(1, p.statsB().drops(DropReason.REPLAYED));
            assertEquals(1, p.statsB().replayDrops());
            assertEquals(1, p.metricsB.drops(Direction.INBOUND, DropReason.REPLAYED));
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void badIcvIsDroppedAndDoesNotAdvanceTheWindow(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] genuine = p.craftToB(500, inner());
            byte[] forged = genuine.clone();
            forged[forged.length - 1] ^= 1;
            p.toB(forged);
            assertEquals(1, p.statsB().icvFailures());
            assertEquals(0, p.statsB().highestInboundSequence());
            // the window did not move to 500: packet 1 is still inside it, and 500 itself is still new
            p.toB(p.craftToB(1, inner()));
            p.toB(genuine);
            assertEquals(2, p.statsB().packetsIn());
            assertEquals(500, p.statsB().highestInboundSequence());
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void olderThanWindowIsDropped(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            p.toB(p.craftToB(1000, inner()));
            p.toB(p.craftToB(1000 - 128, inner())); // T - W: just left of the default window
            p.toB(p.craftToB(1000 - 127, inner())); // leftmost slot inside
            assertEquals(2, p.statsB().packetsIn());
            assertEquals(1, p.statsB().drops(DropReason.OUTSIDE_WINDOW));
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void outOfOrderInsideWindowIsAcceptedOnce(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            for (long seq : new long[] {5, 3, 4, 1, 2, 3, 5, 6}) {
                p.toB(p.craftToB(seq, inner()));
            }
            assertEquals(6, p.statsB().packetsIn());
            assertEquals(2, p.statsB().drops(DropReason.REPLAYED));
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void wrongPaddingContentIsDropped(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] inner = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 58); // + 4 + 2 = 64: aligned
            byte[] pad = new byte[4];
            for (int i = 0; i < 4; i++) {
                pad[i] = (byte) (i + 1);
            }
            p.toB(p.craftToB(1, inner, new byte[0], pad, 4)); // 1,2,3,4: fine
            pad[2] = 0;
            p.toB(p.craftToB(2, inner, new byte[0], pad, 4)); // 1,2,0,4: RFC 4303 §2.4 violation
            assertEquals(1, p.statsB().packetsIn());
            assertEquals(1, p.statsB().drops(DropReason.BAD_PADDING));
            // authenticated, so the window moved even though the content was refused
            assertEquals(2, p.statsB().highestInboundSequence());
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void padLengthBeyondPayloadIsDropped(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] plain = new byte[t.padAlignment()];
            plain[plain.length - 2] = (byte) 200; // pad length larger than the whole plaintext
            plain[plain.length - 1] = 4;
            p.toB(p.sealToB(1, plain));
            assertEquals(0, p.statsB().packetsIn());
            assertEquals(1, p.statsB().drops(DropReason.BAD_PADDING));
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void dummyPacketIsDroppedSilentlyWithACounter(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] payload = new byte[30];
            p.toB(p.craftToB(1, payload, new byte[0], p.standardPadding(30), 59));
            assertNull(p.ioB.poll());
            assertEquals(1, p.statsB().drops(DropReason.DUMMY_PACKET));
            assertEquals(0, p.statsB().icvFailures());
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void unknownNextHeaderIsDropped(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] inner = inner();
            p.toB(p.craftToB(1, inner, new byte[0], p.standardPadding(inner.length), 6)); // TCP: transport mode
            assertEquals(1, p.statsB().drops(DropReason.BAD_NEXT_HEADER));
            p.toB(p.craftToB(2, inner, new byte[0], p.standardPadding(inner.length), 41)); // says IPv6, is IPv4
            assertEquals(1, p.statsB().drops(DropReason.BAD_INNER_PACKET));
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void tfcPaddingAfterTheInnerPacketIsTolerated(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] inner = inner();
            byte[] tfc = new byte[t.padAlignment() * 5]; // RFC 4303 §2.7: arbitrary bytes after the inner packet
            java.util.Arrays.fill(tfc, (byte) 0xAB);
            p.toB(p.craftToB(1, inner, tfc, p.standardPadding(inner.length + tfc.length), 4));
            assertArrayEquals(inner, p.ioB.poll());
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void innerTotalLengthPastPayloadIsDropped(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] inner = inner();
            inner[3] = (byte) (inner.length + 1); // total length one past the payload
            p.toB(p.craftToB(1, inner));
            assertEquals(1, p.statsB().drops(DropReason.BAD_INNER_PACKET));
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void innerAddressesOutsideSelectorsAreDropped(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            // RFC 4301 §5.2: B only accepts traffic to its virtual IP 10.0.0.2
            p.toB(p.craftToB(1, TestPackets.ipv4OfLength("203.0.113.9", "10.0.0.3", 60)));
            // and A only accepts traffic from it
            p.ioB.inject(TestPackets.ipv4OfLength("10.0.0.3", "203.0.113.9", 60));
            assertEquals(1, p.statsB().drops(DropReason.SELECTOR_MISMATCH));
            assertEquals(0, p.statsB().packetsOut(), "B has no outbound SA for source 10.0.0.3");
            assertEquals(1, p.metricsB.drops(Direction.OUTBOUND, DropReason.NO_OUTBOUND_SA));
            // spoof through B's SA with a foreign source: A refuses
            byte[] spoofed = TestPackets.ipv4OfLength("10.0.0.2", "203.0.113.9", 60);
            p.ioB.inject(spoofed);
            assertEquals(1, p.statsA().packetsIn());
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void truncatedAndUnknownSpiPacketsAreDropped(EspTransform t) {
        try (Peers p = new Peers(t, false)) {
            byte[] esp = p.craftToB(1, inner());
            byte[] truncated = java.util.Arrays.copyOf(esp, 8 + t.ivLength() + t.icvLength() + 1);
            p.toB(truncated);
            assertEquals(1, p.statsB().drops(DropReason.MALFORMED));
            byte[] unknown = esp.clone();
            unknown[0] ^= 0x40;
            p.toB(unknown);
            assertEquals(1, p.metricsB.drops(Direction.INBOUND, DropReason.UNKNOWN_SPI));
            p.b.onInbound(Peers.ADDR_A, Peers.ADDR_B, new byte[7], 0, 7);
            assertEquals(2, p.metricsB.drops(Direction.INBOUND, DropReason.MALFORMED));
        }
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void esnPacketsAcrossThe32BitBoundaryAreAccepted(EspTransform t) {
        try (Peers p = new Peers(t, true)) {
            // from T = 0 the receiver can only place numbers up to 2^32 - W in subspace 0 (Appendix A2
            // case B treats higher low halves as the previous subspace): approach the boundary first
            p.toB(p.craftToB((1L << 32) - 200, inner()));
            long base = (1L << 32) - 3;
            for (long seq = base; seq < base + 6; seq++) {
                p.toB(p.craftToB(seq, inner()));
            }
            assertEquals(7, p.statsB().packetsIn());
            assertEquals(base + 5, p.statsB().highestInboundSequence());
            // a late packet from before the wrap (low half 0xFFFFFFFE) is still inside the window
            p.toB(p.craftToB((1L << 32) - 10, inner()));
            assertEquals(8, p.statsB().packetsIn());
            p.toB(p.craftToB((1L << 32) - 1, inner()));
            assertEquals(1, p.statsB().drops(DropReason.REPLAYED));
        }
    }
}
