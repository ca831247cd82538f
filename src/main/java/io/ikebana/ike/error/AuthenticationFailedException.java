package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for the peer's AUTH did not verify or its identity is not acceptable (RFC 7296 §2.21.2). */
public final class AuthenticationFailedException extends IkeProtocolException {
    public AuthenticationFailedException(String detail) {
        super(NotifyType.AUTHENTICATION_FAILED, detail);
    }
}
