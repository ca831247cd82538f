package io.ikebana.transport;

/**
 * Tells apart what arrives on a UDP port (RFC 3948 §2.2, RFC 7296 §2.23): a NAT keepalive
 * (one 0xFF octet), IKE behind the four-octet non-ESP marker, plain IKE (on the IKE port, or
 * on any port before the peer floated), or ESP. One function for every socket, so that
 * unprivileged ports behave like 500 and 4500.
 */
public final class Classifier {

    public enum Kind { KEEPALIVE, IKE_MARKER, IKE, ESP, GARBAGE }

    private Classifier() {
    }

    public static Kind classify(byte[] b, int len) {
        if (len == 1 && (b[0] & 0xff) == 0xff) {
            return Kind.KEEPALIVE;
        }
        if (len >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
            return len >= 4 + 28 ? Kind.IKE_MARKER : Kind.GARBAGE;
        }
        if (len >= 28 && (b[17] & 0xff) == 0x20 && lengthField(b) == len) {
            return Kind.IKE;
        }
        // RFC 4303 §2.1: an ESP packet has at least SPI, sequence number and something
        return len >= 12 ? Kind.ESP : Kind.GARBAGE;
    }

    private static long lengthField(byte[] b) {
        return ((long) (b[24] & 0xff) << 24) | ((b[25] & 0xff) << 16) | ((b[26] & 0xff) << 8) | (b[27] & 0xff);
    }
}
