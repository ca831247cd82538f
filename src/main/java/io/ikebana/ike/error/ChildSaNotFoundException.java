package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Proposal;

/** Sent for a rekey for a Child SA that does not exist (RFC 7296 §2.25); carries the SPI. */
public final class ChildSaNotFoundException extends IkeProtocolException {
    private final int spi;

    public ChildSaNotFoundException(int spi) {
        super(NotifyType.CHILD_SA_NOT_FOUND, "Child SA not found");
        this.spi = spi;
    }

    @Override
    public NotifyPayload toNotify() {
        byte[] s = {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi};
        return new NotifyPayload(Proposal.PROTO_ESP, s, type().code(), null);
    }
}
