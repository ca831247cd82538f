package io.ikebana.dos.filter;

import io.ikebana.dos.DropReason;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Verdict;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Drops messages whose source cannot be a unicast peer: there is nobody to answer. */
public final class SourceAddressFilter implements InboundFilter {
    private final boolean allowLoopback;

    public SourceAddressFilter(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    @Override
    public String name() {
        return "source-address";
    }

    @Override
    public String rule() {
        return "RFC 1122 §3.2.1.3: a host MUST silently discard a datagram whose source address is not a valid "
                + "unicast address; RFC 4291 §2.7: multicast addresses must not be used as source addresses";
    }

    @Override
    public Verdict check(InboundDatagram d) {
        InetAddress a = d.source();
        // RFC 1122 §3.2.1.3, RFC 4291 §2.7: unspecified, multicast and broadcast are never sources
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || isLimitedBroadcast(a)
                || (!allowLoopback && a.isLoopbackAddress())) {
            return Verdict.drop(DropReason.BAD_SOURCE_ADDRESS);
        }
        return Verdict.pass();
    }

    private static boolean isLimitedBroadcast(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return false;
        }
        for (byte b : a.getAddress()) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
