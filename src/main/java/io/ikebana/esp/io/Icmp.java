package io.ikebana.esp.io;

import java.net.Inet4Address;
import java.net.InetAddress;

/** ICMP echo packets (RFC 792) for in-memory tunnel checks: what `ping` sends and expects back. */
public final class Icmp {

    /** A parsed echo reply: who answered and which request it answers. */
    public record EchoReply(InetAddress from, int id, int seq) {
    }

    private Icmp() {
    }

    /** An IPv4 ICMP echo request with {@code payload} octets of data. */
    public static byte[] echoRequest(Inet4Address src, Inet4Address dst, int id, int seq, int payload) {
        int total = 20 + 8 + payload;
        byte[] p = new byte[total];
        p[0] = 0x45;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(src.getAddress(), 0, p, 12, 4);
        System.arraycopy(dst.getAddress(), 0, p, 16, 4);
        int cs = EchoResponder.checksum(p, 0, 20, 0);
        p[10] = (byte) (cs >>> 8);
        p[11] = (byte) cs;
        p[20] = 8;
        p[24] = (byte) (id >>> 8);
        p[25] = (byte) id;
        p[26] = (byte) (seq >>> 8);
        p[27] = (byte) seq;
        for (int i = 0; i < payload; i++) {
            p[28 + i] = (byte) i;
        }
        int ic = EchoResponder.checksum(p, 20, total - 20, 0);
        p[22] = (byte) (ic >>> 8);
        p[23] = (byte) ic;
        return p;
    }

    /** The echo reply in this IPv4 packet, or null. */
    public static EchoReply parseReply(byte[] b, int off, int len) {
        if (len < 28 || (b[off] & 0xf0) != 0x40 || (b[off + 9] & 0xff) != 1) {
            return null;
        }
        int ihl = (b[off] & 0x0f) * 4;
        if (len < ihl + 8 || (b[off + ihl] & 0xff) != 0) {
            return null;
        }
        try {
            InetAddress from = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, off + 12, off + 16));
            int id = ((b[off + ihl + 4] & 0xff) << 8) | (b[off + ihl + 5] & 0xff);
            int seq = ((b[off + ihl + 6] & 0xff) << 8) | (b[off + ihl + 7] & 0xff);
            return new EchoReply(from, id, seq);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
