package io.ikebana.wire;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Hand-built wire octets for malformed-input tables: every length, count and flag is given
 * explicitly so that a row can lie about it. Nothing here goes through the codec under test.
 */
public final class WireBytes {
    public static final int FLAG_I = 0x08;
    public static final int FLAG_R = 0x20;

    private WireBytes() {
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s:]", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] u8(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    public static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    public static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static byte[] u64(long v) {
        return concat(u32(v >>> 32), u32(v & 0xffffffffL));
    }

    public static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    /** The 28-octet IKE header with every field explicit (RFC 7296 §3.1). */
    public static byte[] header(long spiI, long spiR, int next, int version, int exchange, int flags, long mid,
            long length) {
        return concat(u64(spiI), u64(spiR), u8(next, version, exchange, flags), u32(mid), u32(length));
    }

    /** A message whose header length is right: header fields as given, payload octets appended. */
    public static byte[] message(long spiI, long spiR, int first, int exchange, int flags, long mid, byte[] chain) {
        return concat(header(spiI, spiR, first, 0x20, exchange, flags, mid, 28 + chain.length), chain);
    }

    /** A generic payload with the correct length (RFC 7296 §3.2). */
    public static byte[] payload(int next, byte[] body) {
        return payload(next, false, body);
    }

    public static byte[] payload(int next, boolean critical, byte[] body) {
        return payloadWithLength(next, critical ? 0x80 : 0, 4 + body.length, body);
    }

    /** A generic payload whose length field says {@code length}, whatever the body. */
    public static byte[] payloadWithLength(int next, int flags, int length, byte[] body) {
        return concat(u8(next, flags), u16(length), body);
    }

    /** Transform substructure with a correct length (RFC 7296 §3.3.2). */
    public static byte[] transform(boolean last, int type, int id, byte[] attributes) {
        return transformWithLength(last ? 0 : 3, 8 + attributes.length, type, id, attributes);
    }

    public static byte[] transform(boolean last, int type, int id) {
        return transform(last, type, id, new byte[0]);
    }

    public static byte[] transformWithLength(int lastSubstruc, int length, int type, int id, byte[] attributes) {
        return concat(u8(lastSubstruc, 0), u16(length), u8(type, 0), u16(id), attributes);
    }

    /** Key Length attribute, TV format (RFC 7296 §3.3.5). */
    public static byte[] keyLength(int bits) {
        return concat(u16(0x800e), u16(bits));
    }

    /** Proposal substructure with a correct length (RFC 7296 §3.3.1). */
    public static byte[] proposal(boolean last, int number, int protocol, byte[] spi, int numTransforms,
            byte[]... transforms) {
        byte[] ts = concat(transforms);
        return proposalWithLength(last ? 0 : 2, 8 + spi.length + ts.length, number, protocol, spi.length,
                numTransforms, concat(spi, ts));
    }

    public static byte[] proposalWithLength(int lastSubstruc, int length, int number, int protocol, int spiSize,
            int numTransforms, byte[] rest) {
        return concat(u8(lastSubstruc, 0), u16(length), u8(number, protocol, spiSize, numTransforms), rest);
    }

    /** The transforms of aes256gcm16-prfsha256-x25519 (what the gateway accepts first). */
    public static byte[][] ikeGcmX25519Transforms() {
        return new byte[][] {
            transform(false, 1, 20, keyLength(256)),
            transform(false, 2, 5),
            transform(true, 4, 31),
        };
    }

    /** An IKE proposal number {@code number} of aes256gcm16-prfsha256-x25519. */
    public static byte[] ikeProposal(boolean last, int number) {
        return proposal(last, number, 1, new byte[0], 3, ikeGcmX25519Transforms());
    }

    /** An ESP proposal aes256gcm16, no ESN, with a 4-octet SPI. */
    public static byte[] espProposal(boolean last, int number, int spi) {
        return proposal(last, number, 3, u32(spi), 2, transform(false, 1, 20, keyLength(256)), transform(true, 5, 0));
    }

    /** Traffic selector (RFC 7296 §3.13.1) with the given length field. */
    public static byte[] selectorWithLength(int type, int protocol, int length, int startPort, int endPort,
            byte[] addresses) {
        return concat(u8(type, protocol), u16(length), u16(startPort), u16(endPort), addresses);
    }

    public static byte[] ipv4Selector(String start, String end) {
        return selectorWithLength(7, 0, 16, 0, 65535, concat(ip(start), ip(end)));
    }

    public static java.net.InetAddress ipAddress(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static byte[] ip(String dotted) {
        try {
            return java.net.InetAddress.getByName(dotted).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** TS payload body: count, reserved, selectors. */
    public static byte[] tsBody(int count, byte[]... selectors) {
        return concat(u8(count, 0, 0, 0), concat(selectors));
    }

    /** Notify payload body (RFC 7296 §3.10) with an explicit SPI size. */
    public static byte[] notifyBody(int protocol, int spiSize, int type, byte[] spiAndData) {
        return concat(u8(protocol, spiSize), u16(type), spiAndData);
    }

    /** Delete payload body (RFC 7296 §3.11). */
    public static byte[] deleteBody(int protocol, int spiSize, int count, byte[] spis) {
        return concat(u8(protocol, spiSize), u16(count), spis);
    }

    /** A nonce of n octets. */
    public static byte[] nonce(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }
}
