package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for none of the proposals is acceptable (RFC 7296 §2.7). */
public final class NoProposalChosenException extends IkeProtocolException {
    public NoProposalChosenException(String detail) {
        super(NotifyType.NO_PROPOSAL_CHOSEN, detail);
    }
}
