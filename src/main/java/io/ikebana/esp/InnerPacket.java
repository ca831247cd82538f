package io.ikebana.esp;

import io.ikebana.esp.crypto.BigEndian;

/**
 * Reads the fields of an inner IPv4/IPv6 packet that the data plane needs: lengths for sanity
 * checks, addresses and transport protocol/ports for traffic selectors. Addresses are two longs;
 * IPv4 addresses are IPv4-mapped (::ffff:a.b.c.d) so both families share one key space.
 */
final class InnerPacket {

    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    /** IANA protocol numbers used as ESP next header in tunnel mode (RFC 4303 §2.6). */
    static final int NEXT_IPV4 = 4;
    static final int NEXT_IPV6 = 41;
    static final int NEXT_NONE = 59;
    static final long IPV4_MAPPED = 0x0000_FFFF_0000_0000L;
    /** Returned by {@link #transport} when the transport header cannot be located. */
    static final long NO_TRANSPORT = -1;

    private InnerPacket() {
    }

    static int version(byte[] buf, int off) {
        return (buf[off] & 0xff) >>> 4;
    }

    /**
     * The length of the IP packet at {@code buf[off]} as its header states it, or -1 if the header
     * is not a sane IPv{@code version} header that fits in {@code available} octets. Anything after
     * that length is TFC padding (RFC 4303 §2.7) and is ignored.
     */
    static int length(byte[] buf, int off, int available, int version) {
        if (version == 4) {
            if (available < IPV4_HEADER || version(buf, off) != 4) {
                return -1;
            }
            int headerLength = (buf[off] & 0x0f) * 4;
            int total = BigEndian.getUnsignedShort(buf, off + 2);
            return headerLength < IPV4_HEADER || total < headerLength || total > available ? -1 : total;
        }
        if (version == 6) {
            if (available < IPV6_HEADER || version(buf, off) != 6) {
                return -1;
            }
            int total = IPV6_HEADER + BigEndian.getUnsignedShort(buf, off + 4);
            return total > available ? -1 : total;
        }
        return -1;
    }

    static long addressHigh(byte[] buf, int off, boolean v6, boolean source) {
        return v6 ? BigEndian.getLong(buf, off + (source ? 8 : 24)) : 0;
    }

    static long addressLow(byte[] buf, int off, boolean v6, boolean source) {
        if (v6) {
            return BigEndian.getLong(buf, off + (source ? 16 : 32));
        }
        return IPV4_MAPPED | (BigEndian.getInt(buf, off + (source ? 12 : 16)) & 0xFFFF_FFFFL);
    }

    /**
     * Locates the transport header: protocol in bits 32-39, its offset in the low 32 bits, or
     * {@link #NO_TRANSPORT} (offset unknown, e.g. a non-first fragment: RFC 4301 §4.4.1.1 OPAQUE)
     * with the protocol still in bits 32-39 when known.
     */
    static long transport(byte[] buf, int off, int len, boolean v6) {
        if (!v6) {
            int protocol = buf[off + 9] & 0xff;
            int fragmentOffset = BigEndian.getUnsignedShort(buf, off + 6) & 0x1fff;
            if (fragmentOffset != 0) {
                return (long) protocol << 32 | 0xFFFF_FFFFL;
            }
            return (long) protocol << 32 | (off + (buf[off] & 0x0f) * 4);
        }
        int next = buf[off + 6] & 0xff;
        int pos = off + IPV6_HEADER;
        int end = off + len;
        for (int hops = 0; hops < 8; hops++) {
            if (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
                if (pos + 2 > end) {
                    return NO_TRANSPORT;
                }
                next = buf[pos] & 0xff;
                pos += ((buf[pos + 1] & 0xff) + 1) * 8;
            } else if (next == 44) { // fragment
                if (pos + 8 > end) {
                    return NO_TRANSPORT;
                }
                int fragmentOffset = BigEndian.getUnsignedShort(buf, pos + 2) >>> 3;
                next = buf[pos] & 0xff;
                pos += 8;
                if (fragmentOffset != 0) {
                    return (long) next << 32 | 0xFFFF_FFFFL;
                }
            } else {
                return (long) next << 32 | pos;
            }
        }
        return NO_TRANSPORT;
    }

    /**
     * The selector "port" of the packet: TCP/UDP/SCTP/UDP-Lite source or destination port, ICMP
     * type &lt;&lt; 8 | code (RFC 7296 §3.13.1); -1 if unavailable.
     */
    static int port(byte[] buf, int off, int len, long transport, boolean source) {
        int at = (int) transport;
        if (transport == NO_TRANSPORT || at == -1) {
            return -1;
        }
        int protocol = (int) (transport >>> 32);
        int end = off + len;
        switch (protocol) {
            case 6: case 17: case 132: case 136:
                return at + 4 <= end ? BigEndian.getUnsignedShort(buf, at + (source ? 0 : 2)) : -1;
            case 1: case 58:
                return at + 2 <= end ? BigEndian.getUnsignedShort(buf, at) : -1;
            default:
                return -1;
        }
    }
}
