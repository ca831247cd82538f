package io.ikebana.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.EspSuite;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.IkeSuite;
import io.ikebana.wire.payload.TrafficSelector;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class IkeSaCodecTest {

    @Test
    void typicalSaRoundTripsFieldByField() {
        IkeSa a = SampleSas.typical(0x1122334455667788L, "alice@ikebana.test", 300);
        a.version(42);
        a.clonedFrom(0x0102030405060708L);
        a.state(IkeSaState.REKEYING);
        a.peerAdditionalAddresses().add(SampleSas.addr("2001:db8::7"));
        a.peerAdditionalAddresses().add(SampleSas.addr("203.0.113.9"));
        a.children().get(0).status(ChildSaState.Status.REKEYING);
        IkeSa b = IkeSaCodec.decode(IkeSaCodec.encode(a));
        assertSame(a, b);
    }

    @Test
    void cbcSuiteWithIntegrityKeysPfsEsnAndManyChildrenRoundTrips() {
        IkeSuite suite = new IkeSuite(EncrAlgorithm.AES_CBC, 128, PrfAlgorithm.HMAC_SHA2_384,
                IntegAlgorithm.HMAC_SHA2_384_192, DhGroup.ECP_384);
        IkeSa a = new IkeSa(-1L, Long.MIN_VALUE, true, suite, Secret.wrap(new byte[48]), Secret.wrap(fill(48, 1)),
                Secret.wrap(fill(48, 2)), Secret.wrap(fill(16, 3)), Secret.wrap(fill(16, 4)));
        a.extensions().addAll(EnumSet.allOf(IkeExtension.class));
        a.window().restore(Integer.MAX_VALUE + 5L, 7, null, List.of(fill(1200, 5), fill(900, 6), new byte[0]));
        for (int i = 0; i < 5; i++) {
            ChildSaState c = new ChildSaState(i, -i, new EspSuite(EncrAlgorithm.AES_CBC, 256,
                    IntegAlgorithm.HMAC_SHA2_256_128, true, DhGroup.MODP_2048),
                    List.of(TrafficSelector.any(true), TrafficSelector.any(false)),
                    List.of(new TrafficSelector(TrafficSelector.IPV4_ADDR_RANGE, 17, 500, 4500, fill(4, 9), fill(4, 10))),
                    "member-" + i, i, i * 2L, i * 3L);
            c.status(ChildSaState.Status.values()[i % 4]);
            a.children().add(c);
        }
        IkeSa b = IkeSaCodec.decode(IkeSaCodec.encode(a));
        assertSame(a, b);
        assertTrue(b.originalInitiator());
        assertEquals(-1L, b.localSpi());
    }

    @Test
    void emptySaWithNullsRoundTrips() {
        IkeSuite suite = new IkeSuite(EncrAlgorithm.AES_GCM_16, 128, PrfAlgorithm.HMAC_SHA2_512, IntegAlgorithm.NONE,
                null);
        IkeSa a = new IkeSa(1, 2, false, suite, Secret.empty(), Secret.empty(), Secret.empty(), Secret.empty(),
                Secret.empty());
        IkeSa b = IkeSaCodec.decode(IkeSaCodec.encode(a));
        assertNull(b.localId());
        assertNull(b.remoteId());
        assertNull(b.peerName());
        assertNull(b.local());
        assertNull(b.remote());
        assertNull(b.window().lastRequestDigest());
        assertNull(b.suite().dh());
        assertSame(a, b);
    }

    @Test
    void rejectsTruncatedTrailingAndUnknownFormat() {
        byte[] e = IkeSaCodec.encode(SampleSas.typical(5, "bob@ikebana.test", 300));
        for (int cut : new int[] {0, 1, 17, e.length / 2, e.length - 1}) {
            byte[] t = Arrays.copyOf(e, cut);
            assertThrows(RecordBytes.FormatException.class, () -> IkeSaCodec.decode(t), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(e, e.length + 1);
        assertThrows(RecordBytes.FormatException.class, () -> IkeSaCodec.decode(longer));
        byte[] future = e.clone();
        future[0] = 3;
        assertThrows(RecordBytes.FormatException.class, () -> IkeSaCodec.decode(future));
    }

    @Test
    void readsFormatOneRecordsAndKeepsTheMobikeInitiatorAcrossRekeys() {
        IkeSa sa = SampleSas.typical(6, "dave@ikebana.test", 300);
        sa.mobikeInitiator(!sa.originalInitiator());
        byte[] e = IkeSaCodec.encode(sa);
        assertEquals(sa.mobikeInitiator(), IkeSaCodec.decode(e).mobikeInitiator());
        // a format 1 record (before the flag) is the same without its last octet
        byte[] old = Arrays.copyOf(e, e.length - 1);
        old[0] = 1;
        IkeSa read = IkeSaCodec.decode(old);
        assertEquals(sa.originalInitiator(), read.mobikeInitiator());
        assertEquals(sa.clonedFrom(), read.clonedFrom());
    }

    @Test
    void typicalSaEncodesSmall() {
        int plain = IkeSaCodec.encode(SampleSas.typical(7, "carol@ikebana.test", 300)).length;
        System.out.println("typical IKE SA record: " + plain + " octets plain, " + (plain + 30) + " sealed");
        assertTrue(plain < 800, "typical record " + plain + " octets");
    }

    static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    /** Field-by-field equality of two IKE SAs. */
    static void assertSame(IkeSa a, IkeSa b) {
        assertEquals(a.spiI(), b.spiI());
        assertEquals(a.spiR(), b.spiR());
        assertEquals(a.originalInitiator(), b.originalInitiator());
        assertEquals(a.state(), b.state());
        assertEquals(a.suite(), b.suite());
        assertArrayEquals(a.skD().bytes(), b.skD().bytes());
        assertArrayEquals(a.skAi().bytes(), b.skAi().bytes());
        assertArrayEquals(a.skAr().bytes(), b.skAr().bytes());
        assertArrayEquals(a.skEi().bytes(), b.skEi().bytes());
        assertArrayEquals(a.skEr().bytes(), b.skEr().bytes());
        assertEquals(a.localId(), b.localId());
        assertEquals(a.remoteId(), b.remoteId());
        assertEquals(a.peerName(), b.peerName());
        assertEquals(a.local(), b.local());
        assertEquals(a.remote(), b.remote());
        assertEquals(a.extensions(), b.extensions());
        assertEquals(a.window().nextRequestId(), b.window().nextRequestId());
        assertEquals(a.window().expectedRequestId(), b.window().expectedRequestId());
        assertArrayEquals(a.window().lastRequestDigest(), b.window().lastRequestDigest());
        assertEquals(a.window().lastResponse().size(), b.window().lastResponse().size());
        for (int i = 0; i < a.window().lastResponse().size(); i++) {
            assertArrayEquals(a.window().lastResponse().get(i), b.window().lastResponse().get(i));
        }
        assertEquals(a.children().size(), b.children().size());
        for (int i = 0; i < a.children().size(); i++) {
            ChildSaState x = a.children().get(i);
            ChildSaState y = b.children().get(i);
            assertEquals(x.inboundSpi(), y.inboundSpi());
            assertEquals(x.outboundSpi(), y.outboundSpi());
            assertEquals(x.suite(), y.suite());
            assertEquals(x.localTs(), y.localTs());
            assertEquals(x.remoteTs(), y.remoteTs());
            assertEquals(x.member(), y.member());
            assertEquals(x.createdMillis(), y.createdMillis());
            assertEquals(x.rekeyAtMillis(), y.rekeyAtMillis());
            assertEquals(x.expireAtMillis(), y.expireAtMillis());
            assertEquals(x.status(), y.status());
        }
        assertEquals(a.virtualIps(), b.virtualIps());
        assertEquals(a.peerAdditionalAddresses(), b.peerAdditionalAddresses());
        assertEquals(a.createdMillis(), b.createdMillis());
        assertEquals(a.rekeyAtMillis(), b.rekeyAtMillis());
        assertEquals(a.expireAtMillis(), b.expireAtMillis());
        assertEquals(a.lastInboundMillis(), b.lastInboundMillis());
        assertEquals(a.owner(), b.owner());
        assertEquals(a.version(), b.version());
        assertEquals(a.clonedFrom(), b.clonedFrom());
    }
}
