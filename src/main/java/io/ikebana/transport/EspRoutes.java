package io.ikebana.transport;

import io.ikebana.ike.ChildSaInstaller;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * Which Child SAs send their ESP in a TCP stream (RFC 9329 §1.2: all ESP of an IKE SA in TCP
 * goes in TCP) and which as ESP-in-UDP. Sits between the engine and the data plane's installer:
 * it learns the transport of each Child SA when it is installed, and again when its IKE SA's
 * endpoints change (MOBIKE switch, a new stream), and routes each outbound packet by its SPI.
 */
final class EspRoutes implements ChildSaInstaller {
    private final ChildSaInstaller inner;
    /** Outbound SPIs whose ESP goes in TCP. */
    private final Set<Integer> tcpOutbound = ConcurrentHashMap.newKeySet();
    /** Inbound SPI -> outbound SPI and owning IKE SA, for removal and endpoint changes. */
    private final Map<Integer, Integer> outboundOf = new ConcurrentHashMap<>();
    private final Map<Integer, Long> ikeOf = new ConcurrentHashMap<>();
    private volatile LongPredicate tcpSa = spi -> false;

    EspRoutes(ChildSaInstaller inner) {
        this.inner = inner;
    }

    /** Tells whether an IKE SA (by local SPI) is in TCP now; asked when its endpoints change. */
    void tcpSa(LongPredicate p) {
        this.tcpSa = p;
    }

    /** True when the ESP packet starting at {@code buf[off]} belongs to a Child SA in TCP. */
    boolean inTcp(byte[] buf, int off) {
        if (tcpOutbound.isEmpty()) {
            return false;
        }
        int spi = ((buf[off] & 0xff) << 24) | ((buf[off + 1] & 0xff) << 16) | ((buf[off + 2] & 0xff) << 8)
                | (buf[off + 3] & 0xff);
        return tcpOutbound.contains(spi);
    }

    @Override
    public int allocateSpi() {
        return inner.allocateSpi();
    }

    @Override
    public void install(Installation i) {
        outboundOf.put(i.inboundSpi(), i.outboundSpi());
        ikeOf.put(i.inboundSpi(), i.ikeSpi());
        if (i.tcp()) {
            tcpOutbound.add(i.outboundSpi());
        }
        inner.install(i);
    }

    @Override
    public void remove(int inboundSpi) {
        inner.remove(inboundSpi);
        ikeOf.remove(inboundSpi);
        Integer out = outboundOf.remove(inboundSpi);
        if (out != null) {
            tcpOutbound.remove(out);
        }
    }

    @Override
    public void reown(int inboundSpi, long ikeSpi) {
        ikeOf.replace(inboundSpi, ikeSpi);
        inner.reown(inboundSpi, ikeSpi);
    }

    @Override
    public void updateEndpoints(long ikeSpi, InetSocketAddress local, InetSocketAddress remote) {
        boolean tcp = tcpSa.test(ikeSpi);
        for (Map.Entry<Integer, Long> e : ikeOf.entrySet()) {
            Integer out = e.getValue() == ikeSpi ? outboundOf.get(e.getKey()) : null;
            if (out == null) {
                continue;
            }
            if (tcp) {
                tcpOutbound.add(out);
            } else {
                tcpOutbound.remove(out);
            }
        }
        inner.updateEndpoints(ikeSpi, local, remote);
    }
}
