package io.ikebana.transport.tcp;

import java.nio.charset.StandardCharsets;

/**
 * Decodes one TCP stream of RFC 9329 (§3, §4): the "IKETCP" prefix (only on streams we accept:
 * the TCP Originator sends it once, first), then frames {@code Length(2) | payload} where Length
 * counts itself. Length 0 or 1 is fatal, 2 is an empty frame to ignore; every other payload goes
 * to the {@link FrameSink} (which classifies it with the UDP path's classifier). At most one frame
 * is buffered, and never more than the configured largest frame; the buffer is allocated only
 * when a frame is split across reads. Not thread-safe: one decoder per stream, fed from its
 * event loop.
 */
public final class StreamDecoder {
    /** RFC 9329 §4: the stream prefix, six ASCII octets without terminator. */
    public static final byte[] PREFIX = "IKETCP".getBytes(StandardCharsets.US_ASCII);
    /** The Length field's own size. */
    public static final int LENGTH_FIELD = 2;

    /** Receives frame payloads (Length field removed). */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * One frame's payload, {@code b[off, off + len)} with {@code len >= 1}. The sink may keep
         * or modify the octets only until it returns. Returns null to go on, or why to close.
         */
        CloseReason frame(byte[] b, int off, int len);
    }

    private final int maxFrame;
    private int prefixSeen;
    private int lengthHigh = -1;
    private byte[] frame;
    private int filled;
    private boolean dead;
    private long frames;

    /**
     * @param maxFrame largest Length value accepted (it includes the two Length octets)
     * @param expectPrefix true on the TCP Responder's side
     */
    public StreamDecoder(int maxFrame, boolean expectPrefix) {
        if (maxFrame < 3 || maxFrame > 0xFFFF) {
            throw new IllegalArgumentException("maxFrame must be in 3..65535");
        }
        this.maxFrame = maxFrame;
        this.prefixSeen = expectPrefix ? 0 : PREFIX.length;
    }

    /** Feeds received octets. Returns null to go on, or the reason to close the stream (after which it ignores input). */
    public CloseReason feed(byte[] b, int off, int len, FrameSink sink) {
        if (dead) {
            return null;
        }
        int pos = off;
        int end = off + len;
        // RFC 9329 §6.1: wait for the complete prefix before parsing anything
        while (prefixSeen < PREFIX.length && pos < end) {
            if (b[pos++] != PREFIX[prefixSeen++]) {
                return die(CloseReason.BAD_PREFIX);
            }
        }
        while (pos < end) {
            if (frame != null) {
                int n = Math.min(frame.length - filled, end - pos);
                System.arraycopy(b, pos, frame, filled, n);
                filled += n;
                pos += n;
                if (filled < frame.length) {
                    return null;
                }
                byte[] f = frame;
                frame = null;
                filled = 0;
                CloseReason r = deliver(f, 0, f.length, sink);
                if (r != null) {
                    return die(r);
                }
                continue;
            }
            int length;
            if (lengthHigh < 0) {
                if (end - pos < LENGTH_FIELD) {
                    lengthHigh = b[pos++] & 0xff;
                    return null;
                }
                length = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
                pos += LENGTH_FIELD;
            } else {
                length = (lengthHigh << 8) | (b[pos++] & 0xff);
                lengthHigh = -1;
            }
            // RFC 9329 §3: a Length of 0 or 1 is fatal; 2 is an empty message, silently ignored
            if (length < LENGTH_FIELD) {
                return die(CloseReason.BAD_LENGTH);
            }
            if (length > maxFrame) {
                return die(CloseReason.FRAME_TOO_LONG);
            }
            int payload = length - LENGTH_FIELD;
            if (payload == 0) {
                frames++;
                continue;
            }
            if (end - pos >= payload) {
                CloseReason r = deliver(b, pos, payload, sink);
                pos += payload;
                if (r != null) {
                    return die(r);
                }
            } else {
                frame = new byte[payload];
                filled = 0;
            }
        }
        return null;
    }

    private CloseReason deliver(byte[] b, int off, int len, FrameSink sink) {
        frames++;
        return sink.frame(b, off, len);
    }

    private CloseReason die(CloseReason r) {
        dead = true;
        frame = null;
        return r;
    }

    /** True once the whole prefix has arrived (always on the Originator's side). */
    public boolean prefixComplete() {
        return prefixSeen == PREFIX.length;
    }

    /** True while a frame (or its Length field, or the prefix) is incomplete. */
    public boolean midFrame() {
        return frame != null || lengthHigh >= 0 || (prefixSeen > 0 && prefixSeen < PREFIX.length);
    }

    /** Octets held for an incomplete frame (its allocated buffer). */
    public int buffered() {
        return frame == null ? 0 : frame.length;
    }

    /** Frames decoded so far, empty ones included. */
    public long frames() {
        return frames;
    }
}
