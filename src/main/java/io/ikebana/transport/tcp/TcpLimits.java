package io.ikebana.transport.tcp;

/**
 * Bounds and timers of the TCP transport (RFC 9329 §6.1, §6.3.1, §10).
 *
 * @param maxStreams streams the node accepts at once (global cap)
 * @param maxStreamsPerSource streams one source address may hold
 * @param maxFrame largest frame accepted, Length field included (RFC 9329 §3: SHOULD stay at UDP
 *        sizes); also the most a stream ever buffers inbound
 * @param writeQueueBytes most octets queued for sending on one stream; beyond, packets are dropped
 * @param firstMessageMillis time for a new stream to deliver the prefix and a first IKE or ESP
 *        message (libreswan: 5 s)
 * @param statelessIdleMillis how long a stream without IKE state (never established, cookie sent,
 *        negotiation failed, SA deleted or continued elsewhere) may stay silent (RFC 9329 §6.3.1: 5-10 s)
 * @param partialFrameMillis time for a started frame to complete
 * @param maxGarbageFrames consecutive frames that are neither IKE nor ESP before the stream is
 *        considered corrupt (RFC 9329 §6.1)
 */
public record TcpLimits(int maxStreams, int maxStreamsPerSource, int maxFrame, int writeQueueBytes,
        long firstMessageMillis, long statelessIdleMillis, long partialFrameMillis, int maxGarbageFrames) {

    public TcpLimits {
        if (maxStreams < 1 || maxStreamsPerSource < 1 || maxFrame < 64 || maxFrame > 0xFFFF || writeQueueBytes < 4096
                || firstMessageMillis < 1 || statelessIdleMillis < 1 || partialFrameMillis < 1 || maxGarbageFrames < 0) {
            throw new IllegalArgumentException("tcp limits out of range: " + this);
        }
    }

    public static TcpLimits defaults() {
        return new TcpLimits(10_000, 16, 16_384, 1 << 20, 5_000, 5_000, 10_000, 8);
    }

    /** How often the listener looks for streams to close. */
    public long sweepMillis() {
        long shortest = Math.min(firstMessageMillis, Math.min(statelessIdleMillis, partialFrameMillis));
        return Math.max(20, Math.min(1000, shortest / 4));
    }
}
