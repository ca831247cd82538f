package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One traffic selector (RFC 7296 §3.13.1): an address range, an IP protocol (0 = any) and a port
 * range. Addresses are kept as raw 4 or 16 octets so comparisons are unsigned byte-wise.
 */
public record TrafficSelector(int tsType, int ipProtocol, int startPort, int endPort, byte[] start, byte[] end) {

    public static final int IPV4_ADDR_RANGE = 7;
    public static final int IPV6_ADDR_RANGE = 8;

    public boolean isIpv4() {
        return tsType == IPV4_ADDR_RANGE;
    }

    public static TrafficSelector decode(WireReader r) {
        int type = r.u8();
        int proto = r.u8();
        int len = r.u16();
        if (len < 8) {
            throw new MalformedException("TS: length " + len);
        }
        WireReader t = r.slice(len - 4);
        int sp = t.u16();
        int ep = t.u16();
        int alen;
        if (type == IPV4_ADDR_RANGE) {
            alen = 4;
        } else if (type == IPV6_ADDR_RANGE) {
            alen = 16;
        } else {
            // unknown TS types are skipped by the caller (RFC 7296 §2.9)
            return new TrafficSelector(type, proto, sp, ep, new byte[0], new byte[0]);
        }
        // RFC 7296 §3.13.1: length is 16 for IPv4 and 40 for IPv6 ranges
        if (len != 8 + 2 * alen) {
            throw new MalformedException("TS: length " + len + " for type " + type);
        }
        byte[] s = t.bytes(alen);
        byte[] e = t.bytes(alen);
        return new TrafficSelector(type, proto, sp, ep, s, e);
    }

    public boolean isKnownType() {
        return tsType == IPV4_ADDR_RANGE || tsType == IPV6_ADDR_RANGE;
    }

    void encode(WireWriter w) {
        w.u8(tsType).u8(ipProtocol).u16(8 + start.length * 2).u16(startPort).u16(endPort);
        w.bytes(start).bytes(end);
    }

    public static TrafficSelector ofAddress(InetAddress a) {
        byte[] b = a.getAddress();
        return new TrafficSelector(b.length == 4 ? IPV4_ADDR_RANGE : IPV6_ADDR_RANGE, 0, 0, 65535, b, b.clone());
    }

    public static TrafficSelector ofSubnet(InetAddress network, int prefix) {
        byte[] s = network.getAddress();
        byte[] e = s.clone();
        for (int i = 0; i < s.length * 8; i++) {
            int idx = i / 8;
            int bit = 0x80 >>> (i % 8);
            if (i >= prefix) {
                s[idx] &= (byte) ~bit;
                e[idx] |= (byte) bit;
            }
        }
        return new TrafficSelector(s.length == 4 ? IPV4_ADDR_RANGE : IPV6_ADDR_RANGE, 0, 0, 65535, s, e);
    }

    public static TrafficSelector any(boolean v6) {
        return v6 ? ofSubnet(addr(new byte[16]), 0) : ofSubnet(addr(new byte[4]), 0);
    }

    public InetAddress startAddress() {
        return addr(start);
    }

    public InetAddress endAddress() {
        return addr(end);
    }

    static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficSelector t && t.tsType == tsType && t.ipProtocol == ipProtocol
                && t.startPort == startPort && t.endPort == endPort && Arrays.equals(t.start, start)
                && Arrays.equals(t.end, end);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Arrays.hashCode(end) + ipProtocol * 7 + startPort;
    }

    @Override
    public String toString() {
        if (!isKnownType()) {
            // kept undecoded (RFC 7296 §2.9): no addresses to print, and printing must not throw
            return "ts type " + tsType + "[" + ipProtocol + "]:" + startPort + "-" + endPort;
        }
        String range = Arrays.equals(start, end) ? startAddress().getHostAddress()
                : startAddress().getHostAddress() + ".." + endAddress().getHostAddress();
        String proto = ipProtocol == 0 ? "" : "[" + ipProtocol + "]";
        String ports = startPort == 0 && endPort == 65535 ? "" : ":" + startPort + "-" + endPort;
        return range + proto + ports;
    }
}
