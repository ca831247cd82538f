package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.IntegrityAlgorithm;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encrypt on one data plane, decrypt on the other: every transform, with and without ESN. */
class BackToBackTest {

    static Stream<Arguments> transforms() {
        List<EspTransform> ts = List.of(EspTransform.aesGcm16(128), EspTransform.aesGcm16(256),
                EspTransform.aesCbc(128, IntegrityAlgorithm.HMAC_SHA2_256_128),
                EspTransform.aesCbc(256, IntegrityAlgorithm.HMAC_SHA2_384_192),
                EspTransform.aesCbc(256, IntegrityAlgorithm.HMAC_SHA2_512_256));
        List<Arguments> out = new ArrayList<>();
        for (EspTransform t : ts) {
            out.add(Arguments.of(t, false));
            out.add(Arguments.of(t, true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} esn={1}")
    @MethodSource("transforms")
    void packetsCrossBothWaysIntact(EspTransform transform, boolean esn) {
        try (Peers p = new Peers(transform, esn)) {
            for (int size : new int[] {20, 21, 64, 255, 512, 1400, 1500, 9000}) {
                byte[] down = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, size);
                p.ioA.inject(down);
                assertArrayEquals(down, p.ioB.poll(), "A->B " + size);
                byte[] up = TestPackets.ipv4OfLength(Peers.CLIENT_VIP, "203.0.113.9", size);
                p.ioB.inject(up);
                assertArrayEquals(up, p.ioA.poll(), "B->A " + size);
            }
            byte[] v6 = TestPackets.ipv6("2001:db8::1", Peers.CLIENT_VIP6, 17, 100);
            p.ioA.inject(v6);
            assertArrayEquals(v6, p.ioB.poll());

            SaStats a = p.statsA();
            assertEquals(9, a.packetsOut());
            assertEquals(8, a.packetsIn());
            assertEquals(9, a.outboundSequence());
            assertEquals(8, a.highestInboundSequence());
            assertTrue(a.drops().isEmpty(), a.drops().toString());
            assertEquals(9, p.statsB().packetsIn());
            assertEquals(9, p.metricsB.packetsIn.sum());
        }
    }

    @ParameterizedTest(name = "{0} esn={1}")
    @MethodSource("transforms")
    void wireFormatFollowsRfc4303(EspTransform transform, boolean esn) {
        try (Peers p = new Peers(transform, esn)) {
            byte[] inner = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 100);
            p.ioA.inject(inner);
            p.ioA.inject(inner);
            byte[] second = p.wireAtoB.get(1);
            // SPI of the peer, then sequence number 2 (the first packet carries 1, RFC 4303 §3.3.3)
            assertEquals(Peers.SPI_B, io.ikebana.esp.crypto.BigEndian.getInt(second, 0));
            assertEquals(2, io.ikebana.esp.crypto.BigEndian.getInt(second, 4));
            int plain = 100 + 2 + (transform.padAlignment() - (102 % transform.padAlignment())) % transform.padAlignment();
            assertEquals(8 + transform.ivLength() + plain + transform.icvLength(), second.length);
            if (transform.encryption() == io.ikebana.esp.crypto.EncryptionAlgorithm.AES_GCM_16) {
                // RFC 4106 §3.1: the explicit IV is the 64-bit sequence number
                assertEquals(2L, io.ikebana.esp.crypto.BigEndian.getLong(second, 8));
            }
        }
    }

    @ParameterizedTest(name = "{0} esn={1}")
    @MethodSource("transforms")
    void mobikeUpdateMovesOutboundAndMappingChangeIsReported(EspTransform transform, boolean esn) {
        try (Peers p = new Peers(transform, esn)) {
            InetSocketAddress moved = new InetSocketAddress(TestPackets.addr("198.51.100.99"), 31000);
            assertTrue(p.a.updateRemote(Peers.SPI_A, Peers.ADDR_A, moved));
            p.deliver = false;
            p.ioA.inject(TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60));
            assertEquals(List.of(Peers.ADDR_A + " -> " + moved), p.endpointsFromA);

            // B's packets reach A from a new NAT mapping: authenticated, delivered, reported once
            p.ioB.inject(TestPackets.ipv4OfLength(Peers.CLIENT_VIP, "203.0.113.9", 60));
            p.ioB.inject(TestPackets.ipv4OfLength(Peers.CLIENT_VIP, "203.0.113.9", 60));
            InetSocketAddress nat = new InetSocketAddress(TestPackets.addr("198.51.100.7"), 40000);
            for (byte[] esp : p.wireBtoA) {
                byte[] w = esp.clone();
                p.a.onInbound(nat, Peers.ADDR_A, w, 0, w.length);
            }
            assertEquals(List.of("mapping " + Peers.SPI_A + " 40000"), p.listenerA.events);
            assertEquals(2, p.statsA().packetsIn());
            // the configured endpoint is only changed by the engine
            assertEquals(false, p.a.updateRemote(0x7777_7777, Peers.ADDR_A, nat));
        }
    }
}
