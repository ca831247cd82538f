package io.ikebana.admin;

import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AddressPools;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Locale;

/**
 * What the API shows of SAs, pools and leases. Built field by field from the getters that carry
 * no secrets: an {@link IkeSa}'s SK_* keys, message digests and cached responses never reach a
 * view, and Child SA views hold SPIs and algorithms, never keys.
 */
public final class SaViews {
    private SaViews() {
    }

    /** An IKE SA in a list. {@code spi} is the local SPI (16 hex digits), the SA's id in URLs. */
    public record SaSummary(String spi, String spiI, String spiR, String state, String member, String localId,
            String remoteId, String peer, String local, String remote, List<String> virtualIps, String ikeSuite,
            int childSas, String createdAt) {
    }

    /** An IKE SA in detail. */
    public record SaDetail(String spi, String spiI, String spiR, boolean initiator, String state, String member,
            String localId, String remoteId, String peer, String local, String remote, List<String> virtualIps,
            List<String> peerAdditionalAddresses, String ikeSuite, List<String> extensions, String createdAt,
            String rekeyAt, String lastInboundAt, long version, String clonedFrom, long nextRequestId,
            long expectedRequestId, List<ChildView> childSas) {
    }

    /** A Child SA: SPIs (8 hex digits), algorithms, selectors, owner, state. */
    public record ChildView(String inboundSpi, String outboundSpi, String espSuite, List<String> localTs,
            List<String> remoteTs, String member, String status, String createdAt, String rekeyAt) {
    }

    /** One page of a list. {@code next} is the query for the following page, null on the last. */
    public record Page<T>(List<T> items, int offset, int limit, Integer total, String next) {
    }

    public record PoolView(String name, String cidr, String family, int size, int leased, double usage) {
    }

    public record LeaseView(String pool, String address, String ikeSa) {
    }

    public static String spi(long v) {
        return String.format("%016x", v);
    }

    public static SaSummary summary(IkeSa sa) {
        for (int attempt = 0; ; attempt++) {
            try {
                return new SaSummary(spi(sa.localSpi()), spi(sa.spiI()), spi(sa.spiR()), label(sa.state()),
                        sa.owner(), str(sa.localId()), str(sa.remoteId()), sa.peerName(), endpoint(sa.local()),
                        endpoint(sa.remote()), addresses(sa.virtualIps()), str(sa.suite()), sa.children().size(),
                        time(sa.createdMillis()));
            } catch (ConcurrentModificationException e) {
                // a live SA changed while we read it (local store): read again
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    public static SaDetail detail(IkeSa sa) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<String> ext = new ArrayList<>();
                for (IkeExtension e : sa.extensions()) {
                    ext.add(label(e));
                }
                List<ChildView> children = new ArrayList<>();
                for (ChildSaState c : sa.children()) {
                    children.add(child(c));
                }
                return new SaDetail(spi(sa.localSpi()), spi(sa.spiI()), spi(sa.spiR()), sa.originalInitiator(),
                        label(sa.state()), sa.owner(), str(sa.localId()), str(sa.remoteId()), sa.peerName(),
                        endpoint(sa.local()), endpoint(sa.remote()), addresses(sa.virtualIps()),
                        addresses(sa.peerAdditionalAddresses()), str(sa.suite()), ext, time(sa.createdMillis()),
                        time(sa.rekeyAtMillis()), time(sa.lastInboundMillis()), sa.version(),
                        sa.clonedFrom() == 0 ? null : spi(sa.clonedFrom()), sa.window().nextRequestId(),
                        sa.window().expectedRequestId(), children);
            } catch (ConcurrentModificationException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    static ChildView child(ChildSaState c) {
        return new ChildView(String.format("%08x", c.inboundSpi()), String.format("%08x", c.outboundSpi()),
                str(c.suite()), selectors(c.localTs()), selectors(c.remoteTs()), c.member(), label(c.status()),
                time(c.createdMillis()), time(c.rekeyAtMillis()));
    }

    public static PoolView pool(AddressPools.PoolUsage u, boolean ipv6) {
        double usage = u.size() == 0 ? 0 : Math.round(10_000.0 * u.leased() / u.size()) / 10_000.0;
        return new PoolView(u.name(), u.cidr(), ipv6 ? "ipv6" : "ipv4", u.size(), u.leased(), usage);
    }

    public static LeaseView lease(AddressPools.Lease l) {
        return new LeaseView(l.pool(), l.address().getHostAddress(), l.owner());
    }

    private static List<String> selectors(List<TrafficSelector> ts) {
        List<String> out = new ArrayList<>();
        for (TrafficSelector t : ts) {
            out.add(t.toString());
        }
        return out;
    }

    static List<String> addresses(List<InetAddress> as) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : as) {
            out.add(a.getHostAddress());
        }
        return out;
    }

    static String endpoint(InetSocketAddress a) {
        if (a == null) {
            return null;
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    static String time(long millis) {
        return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }

    static String label(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }
}
