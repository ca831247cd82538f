package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for a critical payload we do not implement (RFC 7296 §2.5). */
public final class UnsupportedCriticalPayloadException extends IkeProtocolException {
    private final int payloadType;

    public UnsupportedCriticalPayloadException(int payloadType) {
        super(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, "unsupported_critical_payload " + payloadType);
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    @Override
    protected byte[] data() {
        return new byte[] {(byte) payloadType};
    }
}
