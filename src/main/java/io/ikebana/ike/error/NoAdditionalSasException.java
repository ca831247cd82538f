package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for no more Child or cloned IKE SAs for this peer (RFC 7296 §3.10.1, RFC 7791 §4). */
public final class NoAdditionalSasException extends IkeProtocolException {
    public NoAdditionalSasException(String detail) {
        super(NotifyType.NO_ADDITIONAL_SAS, detail);
    }
}
