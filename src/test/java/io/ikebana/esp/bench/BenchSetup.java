package io.ikebana.esp.bench;

import io.ikebana.esp.ChildSaListener;
import io.ikebana.esp.ChildSaSpec;
import io.ikebana.esp.EspConfig;
import io.ikebana.esp.EspDataPlane;
import io.ikebana.esp.EspSender;
import io.ikebana.esp.NoopEspMetrics;
import io.ikebana.esp.Selector;
import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.SecretKeys;
import io.ikebana.esp.io.InnerPacketHandler;
import io.ikebana.esp.io.MemoryPacketIo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;

/** Builds a gateway-side data plane over the public API, as the engine and transport would. */
final class BenchSetup {

    static final int SPI_IN = 0x1000_0001;
    static final int SPI_OUT = 0x2000_0002;
    static final InetSocketAddress LOCAL = new InetSocketAddress(addr("192.0.2.1"), 4500);
    static final InetSocketAddress REMOTE = new InetSocketAddress(addr("198.51.100.7"), 4500);

    private BenchSetup() {
    }

    static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static EspDataPlane dataPlane(MemoryPacketIo io, EspSender sender) {
        ChildSaListener quiet = new ChildSaListener() {
            @Override
            public void rekeyNeeded(long owner, int inboundSpi, Reason reason) {
            }

            @Override
            public void expired(long owner, int inboundSpi, Reason reason) {
            }
        };
        EspDataPlane dp = new EspDataPlane(EspConfig.defaults(), io, sender, quiet, new NoopEspMetrics(),
                System::nanoTime, new SecureRandom());
        dp.start();
        return dp;
    }

    /** A gateway SA towards client 10.0.0.2 (or its mirror on the client side). */
    static ChildSaSpec spec(EspTransform t, boolean clientSide) {
        SecretKeys k1 = SecretKeys.of(fill(t.encryptionKeyLength(), 1), fill(t.integrityKeyLength(), 2));
        SecretKeys k2 = SecretKeys.of(fill(t.encryptionKeyLength(), 3), fill(t.integrityKeyLength(), 4));
        List<Selector> any = List.of(Selector.anyIpv4());
        List<Selector> client = List.of(Selector.host(addr("10.0.0.2")));
        ChildSaSpec.Builder b = ChildSaSpec.builder().owner(1).transform(t);
        if (clientSide) {
            b.spis(SPI_OUT, SPI_IN).keys(k2, k1).selectors(client, any).endpoints(REMOTE, LOCAL);
        } else {
            b.spis(SPI_IN, SPI_OUT).keys(k1, k2).selectors(any, client).endpoints(LOCAL, REMOTE);
        }
        return b.build();
    }

    /** An IPv4 packet of {@code size} octets from 203.0.113.9 to 10.0.0.2 (or reversed). */
    static byte[] inner(int size, boolean toClient) {
        byte[] p = new byte[size];
        p[0] = 0x45;
        p[2] = (byte) (size >> 8);
        p[3] = (byte) size;
        p[8] = 64;
        p[9] = 17;
        byte[] server = addr("203.0.113.9").getAddress();
        byte[] client = addr("10.0.0.2").getAddress();
        System.arraycopy(toClient ? server : client, 0, p, 12, 4);
        System.arraycopy(toClient ? client : server, 0, p, 16, 4);
        return p;
    }

    private static byte[] fill(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 13);
        }
        return b;
    }

    /** Counts what reaches the device (checks the decrypt benchmark really delivers). */
    static final class CountingSink implements InnerPacketHandler {
        long packets;

        @Override
        public void onPacket(byte[] buf, int off, int len) {
            packets++;
        }
    }
}
