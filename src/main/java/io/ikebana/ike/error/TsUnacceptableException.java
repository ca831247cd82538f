package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for no acceptable traffic selectors (RFC 7296 §2.9). */
public final class TsUnacceptableException extends IkeProtocolException {
    public TsUnacceptableException(String detail) {
        super(NotifyType.TS_UNACCEPTABLE, detail);
    }
}
