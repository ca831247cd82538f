package io.ikebana.ike.error;

import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;

/**
 * An error the protocol answers with a notify (RFC 7296 §2.21). One final class per notify; each
 * builds its own payload. The detail message is for logs and never contains key material.
 */
public abstract sealed class IkeProtocolException extends Exception permits UnsupportedCriticalPayloadException, InvalidSyntaxException, NoProposalChosenException, InvalidKePayloadException, AuthenticationFailedException, SinglePairRequiredException, NoAdditionalSasException, InternalAddressFailureException, FailedCpRequiredException, TsUnacceptableException, TemporaryFailureException, ChildSaNotFoundException {
    private final NotifyType type;

    protected IkeProtocolException(NotifyType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    public NotifyType type() {
        return type;
    }

    protected byte[] data() {
        return null;
    }

    public NotifyPayload toNotify() {
        return NotifyPayload.of(type, data());
    }
}
