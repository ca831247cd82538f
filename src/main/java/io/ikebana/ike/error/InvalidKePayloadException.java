package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;

/** Sent for the KE payload's group differs from the selected one (RFC 7296 §1.2, §3.10.1: data = the accepted group). */
public final class InvalidKePayloadException extends IkeProtocolException {
    private final int group;

    public InvalidKePayloadException(int group) {
        super(NotifyType.INVALID_KE_PAYLOAD, "invalid_ke_payload " + group);
        this.group = group;
    }

    public int group() {
        return group;
    }

    @Override
    protected byte[] data() {
        return new byte[] {(byte) (group >>> 8), (byte) group};
    }
}
