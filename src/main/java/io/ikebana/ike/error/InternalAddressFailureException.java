package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for no virtual address can be assigned (RFC 7296 §3.15.4). */
public final class InternalAddressFailureException extends IkeProtocolException {
    public InternalAddressFailureException(String detail) {
        super(NotifyType.INTERNAL_ADDRESS_FAILURE, detail);
    }
}
