package io.ikebana.dos.filter;

import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.SizeLimits;

/**
 * Unsigned reads of the fixed IKE header (RFC 7296 §3.1) straight from the datagram, without
 * parsing or allocating. Callers check the length ({@link DatagramSizeFilter}) first.
 */
public final class IkeHeaderView {
    /** Exchange type IKE_SA_INIT (RFC 7296 §3.1). */
    public static final int IKE_SA_INIT = 34;
    /** Flags: R (Response). */
    public static final int FLAG_RESPONSE = 0x20;
    /** Flags: I (Initiator). */
    public static final int FLAG_INITIATOR = 0x08;

    private IkeHeaderView() {
    }

    public static long spiI(InboundDatagram d) {
        return getLong(d, 0);
    }

    public static long spiR(InboundDatagram d) {
        return getLong(d, 8);
    }

    public static int nextPayload(InboundDatagram d) {
        return u8(d, 16);
    }

    public static int majorVersion(InboundDatagram d) {
        return u8(d, 17) >>> 4;
    }

    public static int exchangeType(InboundDatagram d) {
        return u8(d, 18);
    }

    public static int flags(InboundDatagram d) {
        return u8(d, 19);
    }

    public static long messageId(InboundDatagram d) {
        return getInt(d, 20);
    }

    /** The Length field: total message length, header included. */
    public static long length(InboundDatagram d) {
        return getInt(d, 24);
    }

    /** An IKE_SA_INIT message without the R flag. */
    public static boolean isInitRequest(InboundDatagram d) {
        return d.length() >= SizeLimits.IKE_HEADER_LENGTH && exchangeType(d) == IKE_SA_INIT
                && (flags(d) & FLAG_RESPONSE) == 0;
    }

    private static int u8(InboundDatagram d, int at) {
        return d.buffer()[d.offset() + at] & 0xFF;
    }

    private static long getInt(InboundDatagram d, int at) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | u8(d, at + i);
        }
        return v;
    }

    private static long getLong(InboundDatagram d, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | u8(d, at + i);
        }
        return v;
    }
}
