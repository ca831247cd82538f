package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ikebana.esp.crypto.BigEndian;
import io.ikebana.esp.crypto.EspTransform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the outbound SA by the peer's traffic selectors (RFC 4301 §5.1). */
class OutboundSelectionTest {

    private static int spiOf(byte[] esp) {
        return BigEndian.getInt(esp, 0);
    }

    private static ChildSaSpec.Builder sa(Peers p, int in, int out, Selector... remote) {
        return p.specA().spis(in, out).selectors(List.of(Selector.anyIpv4(), Selector.anyIpv6()), List.of(remote));
    }

    @Test
    void newestInstalledSaWinsAndOldOneTakesOverAgainAfterRemoval() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            p.deliver = false;
            byte[] down = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60);
            p.ioA.inject(down);
            // rekey: a new pair with the same selectors
            p.a.install(sa(p, 0x3000_0003, 0x4000_0004, Selector.host(TestPackets.addr(Peers.CLIENT_VIP))).build());
            p.ioA.inject(down);
            p.a.remove(0x3000_0003);
            p.ioA.inject(down);
            p.a.install(sa(p, 0x5000_0005, 0x6000_0006, Selector.host(TestPackets.addr(Peers.CLIENT_VIP))).build());
            p.a.remove(Peers.SPI_A); // the usual end of a rekey: the old SA goes
            p.ioA.inject(down);
            assertEquals(List.of(Peers.SPI_B, 0x4000_0004, Peers.SPI_B, 0x6000_0006),
                    p.wireAtoB.stream().map(OutboundSelectionTest::spiOf).toList());
        }
    }

    /** B's new pair for a rekey of the Peers' pair: inbound 0x4000_0004, outbound 0x3000_0003. */
    private static void rekeyAtB(Peers p) {
        p.b.install(p.specB().spis(0x4000_0004, 0x3000_0003).build());
    }

    @Test
    void rekeyResponderSendsOnTheOldPairUntilAPacketArrivesOnTheNewOne() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            byte[] down = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60);
            byte[] up = TestPackets.ipv4OfLength(Peers.CLIENT_VIP, "203.0.113.9", 60);
            // A answered the rekey: its new pair accepts at once, A keeps sending on the old one
            p.a.install(sa(p, 0x3000_0003, 0x4000_0004, Selector.host(TestPackets.addr(Peers.CLIENT_VIP))).build(),
                    Peers.SPI_A);
            p.ioA.inject(down);
            p.ioA.inject(down);
            rekeyAtB(p);
            p.ioB.inject(up); // B, the initiator, sends on the new pair at once
            assertEquals(1, p.a.stats(0x3000_0003).orElseThrow().packetsIn());
            p.ioA.inject(down);
            assertEquals(List.of(Peers.SPI_B, Peers.SPI_B, 0x4000_0004),
                    p.wireAtoB.stream().map(OutboundSelectionTest::spiOf).toList());
        }
    }

    @Test
    void rekeyResponderMovesToTheNewPairWhenTheOldOneIsDeleted() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            p.deliver = false;
            byte[] down = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60);
            p.a.install(sa(p, 0x3000_0003, 0x4000_0004, Selector.host(TestPackets.addr(Peers.CLIENT_VIP))).build(),
                    Peers.SPI_A);
            p.ioA.inject(down);
            // a packet on the new pair that does not authenticate moves nothing
            byte[] forged = new byte[80];
            forged[0] = 0x30;
            forged[3] = 0x03;
            forged[7] = 1;
            p.a.onInbound(Peers.ADDR_B, Peers.ADDR_A, forged, 0, forged.length);
            p.ioA.inject(down);
            p.a.remove(Peers.SPI_A); // the initiator deleted the old pair
            p.ioA.inject(down);
            // a successor whose old pair is already gone sends at once
            p.a.install(sa(p, 0x5000_0005, 0x6000_0006, Selector.host(TestPackets.addr(Peers.CLIENT_VIP))).build(),
                    Peers.SPI_A);
            p.ioA.inject(down);
            assertEquals(List.of(Peers.SPI_B, Peers.SPI_B, 0x4000_0004, 0x6000_0006),
                    p.wireAtoB.stream().map(OutboundSelectionTest::spiOf).toList());
        }
    }

    @Test
    void exactAddressBeatsARangeAndRangesCoverTheRest() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            p.deliver = false;
            p.a.install(sa(p, 0x3000_0003, 0x4000_0004, Selector.subnet(TestPackets.addr("10.0.0.0"), 24)).build());
            p.a.install(sa(p, 0x5000_0005, 0x6000_0006,
                    Selector.range(TestPackets.addr("10.0.0.100"), TestPackets.addr("10.0.0.200"))).build());
            p.ioA.inject(TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60)); // exact, older
            p.ioA.inject(TestPackets.ipv4OfLength("203.0.113.9", "10.0.0.7", 60)); // /24 only
            p.ioA.inject(TestPackets.ipv4OfLength("203.0.113.9", "10.0.0.150", 60)); // both ranges: newest
            p.ioA.inject(TestPackets.ipv4OfLength("203.0.113.9", "10.0.1.1", 60)); // none
            assertEquals(List.of(Peers.SPI_B, 0x4000_0004, 0x6000_0006),
                    p.wireAtoB.stream().map(OutboundSelectionTest::spiOf).toList());
            assertEquals(1, p.metricsA.drops(Direction.OUTBOUND, DropReason.NO_OUTBOUND_SA));
        }
    }

    @Test
    void ipv6AndIpv4MappedAddressesDoNotMix() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            p.deliver = false;
            p.ioA.inject(TestPackets.ipv6("2001:db8::1", Peers.CLIENT_VIP6, 17, 20));
            p.ioA.inject(TestPackets.ipv6("2001:db8::1", "::ffff:10.0.0.2", 17, 20));
            assertEquals(1, p.wireAtoB.size());
            assertEquals(1, p.metricsA.drops(Direction.OUTBOUND, DropReason.NO_OUTBOUND_SA));
        }
    }

    @Test
    void protocolAndPortSelectorsRestrictTheMatch() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            p.deliver = false;
            p.a.remove(Peers.SPI_A);
            var vip = TestPackets.addr(Peers.CLIENT_VIP);
            p.a.install(sa(p, 0x3000_0003, 0x4000_0004, new Selector(17, vip, vip, 53, 53)).build());
            p.ioA.inject(TestPackets.udp4("203.0.113.9", Peers.CLIENT_VIP, 40000, 53, 10));
            p.ioA.inject(TestPackets.udp4("203.0.113.9", Peers.CLIENT_VIP, 40000, 54, 10));
            p.ioA.inject(TestPackets.ipv4("203.0.113.9", Peers.CLIENT_VIP, 6, 20));
            assertEquals(1, p.wireAtoB.size());
            byte[] fragment = TestPackets.udp4("203.0.113.9", Peers.CLIENT_VIP, 40000, 53, 10);
            fragment[7] = 1; // non-first fragment: ports unknown, RFC 4301 §4.4.1.1 (OPAQUE)
            p.ioA.inject(fragment);
            assertEquals(1, p.wireAtoB.size());
        }
    }

    @Test
    void malformedInnerPacketsAreDroppedBeforeLookup() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            byte[] bad = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60);
            bad[3] = 100; // total length past the read
            p.ioA.inject(bad);
            p.ioA.inject(new byte[0], 0, 0);
            byte[] v5 = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60);
            v5[0] = 0x55;
            p.ioA.inject(v5);
            assertEquals(3, p.metricsA.drops(Direction.OUTBOUND, DropReason.BAD_INNER_PACKET));
            assertNull(p.ioB.poll());
        }
    }
}
