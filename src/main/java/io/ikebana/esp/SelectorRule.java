package io.ikebana.esp;

import io.ikebana.esp.crypto.BigEndian;

/** A {@link Selector} compiled to longs for allocation-free matching on the packet path. */
final class SelectorRule {

    final boolean v6;
    final long startHigh;
    final long startLow;
    final long endHigh;
    final long endLow;
    final int protocol;
    final int startPort;
    final int endPort;
    final boolean anyPort;

    SelectorRule(Selector s) {
        v6 = s.isIpv6();
        startHigh = high(s.startAddress().getAddress());
        startLow = low(s.startAddress().getAddress());
        endHigh = high(s.endAddress().getAddress());
        endLow = low(s.endAddress().getAddress());
        protocol = s.ipProtocol();
        startPort = s.startPort();
        endPort = s.endPort();
        anyPort = s.isAnyPort();
    }

    static long high(byte[] address) {
        return address.length == 16 ? BigEndian.getLong(address, 0) : 0;
    }

    static long low(byte[] address) {
        return address.length == 16 ? BigEndian.getLong(address, 8)
                : InnerPacket.IPV4_MAPPED | (BigEndian.getInt(address, 0) & 0xFFFF_FFFFL);
    }

    boolean isSingleAddress() {
        return startHigh == endHigh && startLow == endLow;
    }

    boolean isAddressOnly() {
        return protocol == 0 && anyPort;
    }

    boolean matchesAddress(boolean packetV6, long high, long low) {
        return packetV6 == v6 && compare(high, low, startHigh, startLow) >= 0 && compare(high, low, endHigh, endLow) <= 0;
    }

    /** Protocol and port; {@code port} is -1 when the packet has none (then only "any port" matches). */
    boolean matchesTransport(int packetProtocol, int port) {
        if (protocol != 0 && protocol != packetProtocol) {
            return false;
        }
        return anyPort || (port >= startPort && port <= endPort);
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }
}
