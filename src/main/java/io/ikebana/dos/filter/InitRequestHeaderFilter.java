package io.ikebana.dos.filter;

import io.ikebana.dos.DropReason;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Verdict;

/** Header fields an IKE_SA_INIT request must have, including its cookie retries. */
public final class InitRequestHeaderFilter implements InboundFilter {

    @Override
    public String name() {
        return "init-request-header";
    }

    @Override
    public String rule() {
        return "RFC 7296 §3.1: SPIi \"MUST NOT be zero\"; SPIr \"MUST be zero in the first message of an IKE "
                + "initial exchange (including repeats of that message including a cookie)\"; I flag set by the "
                + "original initiator; §2.6: Message IDs of the first messages are zero";
    }

    @Override
    public Verdict check(InboundDatagram d) {
        if (!IkeHeaderView.isInitRequest(d)) {
            return Verdict.pass();
        }
        // RFC 7296 §3.1: Initiator's SPI "MUST NOT be zero"
        if (IkeHeaderView.spiI(d) == 0) {
            return Verdict.drop(DropReason.INIT_ZERO_SPI_I);
        }
        // RFC 7296 §3.1: Responder's SPI "MUST be zero in the first message ... including a cookie"
        if (IkeHeaderView.spiR(d) != 0) {
            return Verdict.drop(DropReason.INIT_NONZERO_SPI_R);
        }
        // RFC 7296 §2.6: "the message sequence numbers in the first four messages will all be zero"
        if (IkeHeaderView.messageId(d) != 0) {
            return Verdict.drop(DropReason.INIT_NONZERO_MESSAGE_ID);
        }
        // RFC 7296 §3.1: I flag "MUST be set in messages sent by the original initiator"
        if ((IkeHeaderView.flags(d) & IkeHeaderView.FLAG_INITIATOR) == 0) {
            return Verdict.drop(DropReason.INIT_INITIATOR_FLAG_CLEAR);
        }
        // RFC 7296 §1.2: the request carries SA, KE and Ni payloads
        if (IkeHeaderView.nextPayload(d) == 0) {
            return Verdict.drop(DropReason.INIT_NO_PAYLOADS);
        }
        return Verdict.pass();
    }
}
