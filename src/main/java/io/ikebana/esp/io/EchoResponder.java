package io.ikebana.esp.io;

import java.util.function.Consumer;

/**
 * The "network behind the gateway" of the in-memory backend: answers ICMP and ICMPv6 echo
 * requests (RFC 792, RFC 4443) addressed to anything, so that clients can check the tunnel end
 * to end without a TUN device or root. Everything else is counted and dropped.
 */
public final class EchoResponder implements InnerPacketHandler {
    private final Consumer<byte[]> reply;
    private volatile long echoed;
    private volatile long dropped;

    /** @param reply where reply packets go (back into the data plane as if read from a device) */
    public EchoResponder(Consumer<byte[]> reply) {
        this.reply = reply;
    }

    @Override
    public void onPacket(byte[] buf, int off, int len) {
        byte[] r = answer(buf, off, len);
        if (r == null) {
            dropped++;
            return;
        }
        echoed++;
        reply.accept(r);
    }

    public long echoed() {
        return echoed;
    }

    public long dropped() {
        return dropped;
    }

    /** The echo reply for an echo request, or null. */
    static byte[] answer(byte[] b, int off, int len) {
        if (len < 20) {
            return null;
        }
        int version = (b[off] & 0xff) >>> 4;
        if (version == 4) {
            int ihl = (b[off] & 0x0f) * 4;
            int total = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
            if (ihl < 20 || total > len || total < ihl + 8 || (b[off + 9] & 0xff) != 1 || (b[off + ihl] & 0xff) != 8) {
                return null;
            }
            byte[] r = new byte[total];
            System.arraycopy(b, off, r, 0, total);
            swap(r, 12, 16, 4);
            r[8] = 64;
            r[ihl] = 0;
            r[10] = 0;
            r[11] = 0;
            put16(r, 10, checksum(r, 0, ihl, 0));
            // RFC 792: type 8 -> 0, the rest of the message unchanged: update the request's checksum
            // for that one word (RFC 1624) rather than sum the whole payload again
            int code = r[ihl + 1] & 0xff;
            put16(r, ihl + 2, adjust(get16(r, ihl + 2), 8 << 8 | code, code));
            return r;
        }
        if (version == 6 && len >= 48) {
            int payload = ((b[off + 4] & 0xff) << 8) | (b[off + 5] & 0xff);
            if (40 + payload > len || (b[off + 6] & 0xff) != 58 || payload < 8 || (b[off + 40] & 0xff) != 128) {
                return null;
            }
            byte[] r = new byte[40 + payload];
            System.arraycopy(b, off, r, 0, r.length);
            swap(r, 8, 24, 16);
            r[7] = 64;
            r[40] = (byte) 129;
            // RFC 4443 §2.3: the pseudo-header's sum does not change when the addresses swap, so
            // only the type word (128 -> 129) changes the checksum (RFC 1624)
            int code = r[41] & 0xff;
            put16(r, 42, adjust(get16(r, 42), 128 << 8 | code, 129 << 8 | code));
            return r;
        }
        return null;
    }

    private static void swap(byte[] r, int a, int c, int n) {
        for (int i = 0; i < n; i++) {
            byte t = r[a + i];
            r[a + i] = r[c + i];
            r[c + i] = t;
        }
    }

    private static long sum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xff) << 8;
        }
        return s;
    }

    /** RFC 1071 Internet checksum. */
    static int checksum(byte[] b, int off, int len, long initial) {
        long s = initial + sum(b, off, len);
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    /**
     * RFC 1624 eqn. 3: the Internet checksum {@code hc} after one 16-bit word of the checksummed
     * data changed from {@code m} to {@code mNew}: HC' = ~(~HC + ~m + m'). A request that arrived
     * with a wrong checksum gets a reply with a wrong checksum.
     */
    static int adjust(int hc, int m, int mNew) {
        long s = (~hc & 0xffff) + (~m & 0xffff) + (mNew & 0xffff);
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    private static int get16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
