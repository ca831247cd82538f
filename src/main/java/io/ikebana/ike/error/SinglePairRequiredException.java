package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for policy needs one address pair per Child SA (RFC 7296 §2.9). */
public final class SinglePairRequiredException extends IkeProtocolException {
    public SinglePairRequiredException(String detail) {
        super(NotifyType.SINGLE_PAIR_REQUIRED, detail);
    }
}
