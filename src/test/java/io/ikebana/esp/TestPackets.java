package io.ikebana.esp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Builds inner IPv4/IPv6 packets for tests. */
final class TestPackets {

    private TestPackets() {
    }

    static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** IPv4 packet with {@code payloadLength} octets after a 20-octet header; header checksum set. */
    static byte[] ipv4(String src, String dst, int protocol, int payloadLength) {
        byte[] p = new byte[20 + payloadLength];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = (byte) protocol;
        System.arraycopy(addr(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(addr(dst).getAddress(), 0, p, 16, 4);
        for (int i = 20; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        p[10] = (byte) (~sum >> 8);
        p[11] = (byte) ~sum;
        return p;
    }

    /** IPv4 packet of exactly {@code totalLength} octets (at least 20), protocol 253 (experimental). */
    static byte[] ipv4OfLength(String src, String dst, int totalLength) {
        return ipv4(src, dst, 253, totalLength - 20);
    }

    static byte[] udp4(String src, String dst, int sourcePort, int destinationPort, int dataLength) {
        byte[] p = ipv4(src, dst, 17, 8 + dataLength);
        p[20] = (byte) (sourcePort >> 8);
        p[21] = (byte) sourcePort;
        p[22] = (byte) (destinationPort >> 8);
        p[23] = (byte) destinationPort;
        p[24] = (byte) ((8 + dataLength) >> 8);
        p[25] = (byte) (8 + dataLength);
        p[26] = 0;
        p[27] = 0;
        return p;
    }

    static byte[] ipv6(String src, String dst, int nextHeader, int payloadLength) {
        byte[] p = new byte[40 + payloadLength];
        p[0] = 0x60;
        p[4] = (byte) (payloadLength >> 8);
        p[5] = (byte) payloadLength;
        p[6] = (byte) nextHeader;
        p[7] = 64;
        System.arraycopy(v6Bytes(src), 0, p, 8, 16);
        System.arraycopy(v6Bytes(dst), 0, p, 24, 16);
        for (int i = 40; i < p.length; i++) {
            p[i] = (byte) (i * 11);
        }
        return p;
    }

    /** 16 octets; Java turns ::ffff:a.b.c.d into an IPv4 address, so map it back. */
    private static byte[] v6Bytes(String literal) {
        byte[] a = addr(literal).getAddress();
        if (a.length == 16) {
            return a;
        }
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(a, 0, m, 12, 4);
        return m;
    }

    static byte[] hex(String s) {
        String h = s.replaceAll("\\s", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 17 + 5);
        }
        return b;
    }
}
