package io.ikebana.store.hazelcast;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.EspSuite;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSuite;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Random;

/** IKE SAs as the engine leaves them after IKE_AUTH, with recognisable key bytes. */
public final class SampleSas {
    private SampleSas() {
    }

    /** Key bytes that are easy to search for in raw grid data: "SKx" + the SPI + filler. */
    public static byte[] keyBytes(String name, long spi, int len) {
        byte[] b = new byte[len];
        Random r = new Random(spi * 31 + name.hashCode());
        r.nextBytes(b);
        return b;
    }

    /**
     * A typical responder SA: PSK peer, aes256gcm16-prfsha256-x25519, one Child SA, one virtual IP,
     * a cached IKE_AUTH response of {@code responseBytes} octets.
     */
    public static IkeSa typical(long spiR, String remoteId, int responseBytes) {
        long spiI = spiR * 7 + 1;
        IkeSuite suite = new IkeSuite(EncrAlgorithm.AES_GCM_16, 256, PrfAlgorithm.HMAC_SHA2_256, IntegAlgorithm.NONE,
                DhGroup.CURVE25519);
        IkeSa sa = new IkeSa(spiI, spiR, false, suite, Secret.wrap(keyBytes("d", spiR, 32)), Secret.empty(),
                Secret.empty(), Secret.wrap(keyBytes("ei", spiR, 36)), Secret.wrap(keyBytes("er", spiR, 36)));
        sa.identities(Identity.parse("gw.ikebana.test"), Identity.parse(remoteId));
        sa.peerName("clients");
        sa.endpoints(new InetSocketAddress(addr("192.0.2.1"), 4500), new InetSocketAddress(addr("198.51.100.7"), 4500));
        sa.extensions().add(IkeExtension.MOBIKE);
        sa.extensions().add(IkeExtension.NAT_T);
        sa.extensions().add(IkeExtension.MESSAGE_ID_SYNC);
        byte[] resp = keyBytes("resp", spiR, responseBytes);
        sa.window().restore(0, 2, keyBytes("digest", spiR, 32), responseBytes == 0 ? List.of() : List.of(resp));
        sa.children().add(new ChildSaState(0x1000_0001, 0xc0ffee01,
                new EspSuite(EncrAlgorithm.AES_GCM_16, 256, IntegAlgorithm.NONE, false, null),
                List.of(TrafficSelector.ofSubnet(addr("10.99.200.0"), 24)),
                List.of(TrafficSelector.ofAddress(addr("10.99.100.5"))), "gw1", 1_700_000_000_000L,
                1_700_003_600_000L, 1_700_004_000_000L));
        sa.virtualIps().add(addr("10.99.100.5"));
        sa.createdMillis(1_700_000_000_000L);
        sa.rekeyAtMillis(1_700_014_400_000L);
        sa.expireAtMillis(1_700_015_000_000L);
        sa.lastInboundMillis(1_700_000_001_000L);
        sa.owner("gw1");
        return sa;
    }

    /** Every key the SA holds, to search raw grid bytes for. */
    public static List<byte[]> keys(IkeSa sa) {
        return List.of(sa.skD().bytes(), sa.skEi().bytes(), sa.skEr().bytes());
    }

    public static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
