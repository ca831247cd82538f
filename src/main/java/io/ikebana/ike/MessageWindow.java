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

    /**
     * The peer answered one of our requests. If our last response is the one to IKE_AUTH, the peer
     * has it (an initiator answers nothing on an IKE SA that IKE_AUTH has not established), so it
     * can no longer be asked for: drop its octets, which every copy of the SA record in the grid
     * would otherwise carry for the SA's life (a few hundred octets, more with certificates). The
     * request's digest stays, so a late copy of that request is still recognised (and dropped).
     */
    public void peerAnswered() {
        if (!lastResponse.isEmpty() && (lastResponse.get(0)[18] & 0xff) == io.ikebana.wire.ExchangeType.IKE_AUTH.code()) {
            lastResponse = List.of();
        }
    }

    /** For the store codec. */
    public void restore(long next, long expected, byte[] digest, List<byte[]> response) {
        this.nextRequestId = next;
        this.expectedRequestId = expected;
        this.lastRequestDigest = digest;
        this.lastResponse = List.copyOf(response);
    }
}
