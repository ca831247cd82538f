package io.ikebana.dos.filter;

import io.ikebana.dos.DropReason;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.SizeLimits;
import io.ikebana.dos.Verdict;

/** Every IKE message is at least a full header, and at most the configured maximum. */
public final class DatagramSizeFilter implements InboundFilter {
    private final int maxMessage;

    public DatagramSizeFilter(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    @Override
    public String name() {
        return "datagram-size";
    }

    @Override
    public String rule() {
        return "RFC 7296 §3.1: \"Each IKE message begins with the IKE header\" (28 octets)";
    }

    @Override
    public Verdict check(InboundDatagram d) {
        // RFC 7296 §3.1: each IKE message begins with the 28-octet IKE header
        if (d.length() < SizeLimits.IKE_HEADER_LENGTH) {
            return Verdict.drop(DropReason.DATAGRAM_TOO_SHORT);
        }
        if (d.length() > maxMessage) {
            return Verdict.drop(DropReason.DATAGRAM_TOO_LONG);
        }
        return Verdict.pass();
    }
}
