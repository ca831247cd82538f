package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for policy requires a configuration payload the peer did not send (RFC 7296 §3.15.4). */
public final class FailedCpRequiredException extends IkeProtocolException {
    public FailedCpRequiredException(String detail) {
        super(NotifyType.FAILED_CP_REQUIRED, detail);
    }
}
