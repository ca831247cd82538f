package io.ikebana.transport;

/**
 * Tells apart what arrives on a UDP port or in one RFC 9329 stream frame (RFC 3948 §2.2,
 * RFC 7296 §2.23, RFC 9329 §3): a NAT keepalive (one 0xFF octet), IKE behind the four-octet
 * non-ESP marker, plain IKE (datagrams only: on the IKE port, or on any port before the peer
 * floated), or ESP. One function for every socket and every stream, so that unprivileged ports
 * behave like 500 and 4500 and the TCP path makes the same decision as the UDP path.
 */
public final class Classifier {

    public enum Kind { KEEPALIVE, IKE_MARKER, IKE, ESP, GARBAGE }

    /** How the octets arrived: a whole UDP payload, or the payload of one length-prefixed stream frame. */
    public enum Framing { DATAGRAM, STREAM }

    /** Smallest IKE message: the header (RFC 7296 §3.1). */
    private static final int IKE_HEADER = 28;
    /** Smallest ESP packet: SPI, sequence number and at least four octets more (RFC 4303 §2). */
    private static final int ESP_MINIMUM = 12;

    private Classifier() {
    }

    public static Kind classify(byte[] b, int len) {
        return classify(b, 0, len, Framing.DATAGRAM);
    }

    public static Kind classify(byte[] b, int off, int len, Framing framing) {
        // RFC 3948 §2.3, RFC 9329 §6.6: a NAT-keepalive is the single octet 0xFF
        if (len == 1 && (b[off] & 0xff) == 0xff) {
            return Kind.KEEPALIVE;
        }
        // RFC 3948 §2.2, RFC 9329 §3: four zero octets (an SPI of 0) mark IKE
        if (len >= 4 && b[off] == 0 && b[off + 1] == 0 && b[off + 2] == 0 && b[off + 3] == 0) {
            return len >= 4 + IKE_HEADER ? Kind.IKE_MARKER : Kind.GARBAGE;
        }
        // RFC 9329 §3: in a stream everything else is ESP; plain IKE exists only on UDP
        if (framing == Framing.DATAGRAM && len >= IKE_HEADER && (b[off + 17] & 0xff) == 0x20
                && lengthField(b, off) == len) {
            return Kind.IKE;
        }
        return len >= ESP_MINIMUM ? Kind.ESP : Kind.GARBAGE;
    }

    private static long lengthField(byte[] b, int off) {
        return ((long) (b[off + 24] & 0xff) << 24) | ((b[off + 25] & 0xff) << 16) | ((b[off + 26] & 0xff) << 8)
                | (b[off + 27] & 0xff);
    }
}
