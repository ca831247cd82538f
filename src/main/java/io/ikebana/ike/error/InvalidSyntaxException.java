package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for a malformed or out-of-place payload after authentication (RFC 7296 §2.21.3). */
public final class InvalidSyntaxException extends IkeProtocolException {
    public InvalidSyntaxException(String detail) {
        super(NotifyType.INVALID_SYNTAX, detail);
    }
}
