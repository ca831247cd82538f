package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for the request collides with a rekey in progress (RFC 7296 §2.25). */
public final class TemporaryFailureException extends IkeProtocolException {
    public TemporaryFailureException(String detail) {
        super(NotifyType.TEMPORARY_FAILURE, detail);
    }
}
