package io.ikebana.wire;

/**
 * The fixed 28-octet IKE header (RFC 7296 §3.1). All fields are read unsigned; the message ID and
 * length are carried in longs so that values above 2^31 stay positive.
 */
public record IkeHeader(
        long spiI,
        long spiR,
        int nextPayload,
        int majorVersion,
        int minorVersion,
        int exchangeType,
        int flags,
        long messageId,
        long length) {

    public static final int SIZE = 28;
    public static final int FLAG_INITIATOR = 0x08;
    public static final int FLAG_VERSION = 0x10;
    public static final int FLAG_RESPONSE = 0x20;

    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    /** True when the sender is the original initiator of the IKE SA. */
    public boolean isFromOriginalInitiator() {
        return (flags & FLAG_INITIATOR) != 0;
    }

    public ExchangeType exchange() {
        return ExchangeType.of(exchangeType);
    }

    /**
     * Decodes a header without looking at payloads. Returns null when fewer than 28 octets are
     * available; version and length checks are the caller's business (they decide the answer).
     */
    public static IkeHeader decode(byte[] buf, int off, int len) {
        if (len < SIZE) {
            return null;
        }
        WireReader r = new WireReader(buf, off, off + SIZE);
        long spiI = r.u64();
        long spiR = r.u64();
        int next = r.u8();
        int version = r.u8();
        int exchange = r.u8();
        int flags = r.u8();
        long mid = r.u32();
        long length = r.u32();
        return new IkeHeader(spiI, spiR, next, version >>> 4, version & 0x0f, exchange, flags, mid, length);
    }

    public void encode(WireWriter w) {
        w.u64(spiI);
        w.u64(spiR);
        w.u8(nextPayload);
        w.u8((majorVersion << 4) | (minorVersion & 0x0f));
        w.u8(exchangeType);
        w.u8(flags);
        w.u32(messageId);
        w.u32(length);
    }

    public IkeHeader withNextPayload(int next) {
        return new IkeHeader(spiI, spiR, next, majorVersion, minorVersion, exchangeType, flags, messageId, length);
    }

    public IkeHeader withLength(long newLength) {
        return new IkeHeader(spiI, spiR, nextPayload, majorVersion, minorVersion, exchangeType, flags, messageId, newLength);
    }

    public IkeHeader withSpiR(long newSpiR) {
        return new IkeHeader(spiI, newSpiR, nextPayload, majorVersion, minorVersion, exchangeType, flags, messageId, length);
    }

    /** A response header echoing the request's exchange type as received (RFC 7296 §3.1). */
    public static IkeHeader responseTo(IkeHeader request, long spiI, long spiR, boolean fromOriginalInitiator) {
        int flags = FLAG_RESPONSE | (fromOriginalInitiator ? FLAG_INITIATOR : 0);
        return new IkeHeader(spiI, spiR, 0, 2, 0, request.exchangeType(), flags, request.messageId(), 0);
    }

    /** A header for a message we send. */
    public static IkeHeader of(long spiI, long spiR, ExchangeType exchange, boolean response,
            boolean fromOriginalInitiator, long messageId) {
        int flags = (response ? FLAG_RESPONSE : 0) | (fromOriginalInitiator ? FLAG_INITIATOR : 0);
        return new IkeHeader(spiI, spiR, 0, 2, 0, exchange.code(), flags, messageId, 0);
    }
}
