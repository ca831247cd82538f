package io.ikebana.transport.tcp;

import io.vertx.core.buffer.Buffer;

/** Outbound framing of RFC 9329 §3: {@code Length(2) | [00000000] | message}, Length counting itself. */
final class Frames {
    /** Largest frame the 16-bit Length can describe. */
    static final int MAX = 0xFFFF;

    private Frames() {
    }

    static Buffer prefix() {
        return Buffer.buffer(StreamDecoder.PREFIX.clone());
    }

    /** An IKE message behind the non-ESP marker, or null if it cannot be framed. */
    static Buffer ike(byte[] message) {
        int length = StreamDecoder.LENGTH_FIELD + 4 + message.length;
        if (length > MAX) {
            return null;
        }
        return Buffer.buffer(length).appendUnsignedShort(length).appendInt(0).appendBytes(message);
    }

    /** An ESP packet (starting at its non-zero SPI), or null if it cannot be framed. */
    static Buffer esp(byte[] b, int off, int len) {
        int length = StreamDecoder.LENGTH_FIELD + len;
        if (length > MAX) {
            return null;
        }
        return Buffer.buffer(length).appendUnsignedShort(length).appendBytes(b, off, len);
    }
}
