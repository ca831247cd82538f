package io.ikebana.ike;

import java.util.List;

/**
 * Message IDs of one IKE SA with window size 1 (RFC 7296 §2.3): the next ID we use for our
 * requests, the ID we expect in the peer's next request, and the last response we sent with the
 * digest of the request it answered, so that a retransmitted request gets it again verbatim
 * (§2.1).
 */
public final class MessageWindow {
    private long nextRequestId;
    private long expectedRequestId;
    private byte[] lastRequestDigest;
    private List<byte[]> lastResponse = List.of();

    public long nextRequestId() {
        return nextRequestId;
    }

    /** Takes the next ID for a request we send. */
    public long takeRequestId() {
        return nextRequestId++;
    }

    public void nextRequestId(long v) {
        nextRequestId = v;
    }

    public long expectedRequestId() {
        return expectedRequestId;
    }

    public void expectedRequestId(long v) {
        expectedRequestId = v;
    }

    public byte[] lastRequestDigest() {
        return lastRequestDigest;
    }

    public List<byte[]> lastResponse() {
        return lastResponse;
    }

    /** Records the response to the request with ID {@code expected} and moves the window. */
    public void responded(byte[] requestDigest, List<byte[]> response) {
        this.lastRequestDigest = requestDigest;
        this.lastResponse = List.copyOf(response);
        this.expectedRequestId++;
    }

    /** For the store codec. */
    public void restore(long next, long expected, byte[] digest, List<byte[]> response) {
        this.nextRequestId = next;
        this.expectedRequestId = expected;
        this.lastRequestDigest = digest;
        this.lastResponse = List.copyOf(response);
    }
}
