package io.ikebana.ike;

import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.payload.Payload;
import java.util.List;

/**
 * An exchange this side starts on an established IKE SA (strongSwan's task, initiator side):
 * it builds the request, then processes the response. Window size 1: one at a time per SA.
 */
public interface InitiatorExchange {

    ExchangeType type();

    /** The request's payloads (to go inside SK), or null to skip this exchange (no longer needed). */
    List<Payload> request(ExchangeContext ctx);

    /** Handles the authenticated response. */
    void response(ExchangeContext ctx);

    /** No response after all retransmissions: the default declares the peer dead. */
    default void timeout(ExchangeContext ctx) {
        ctx.destroyIkeSa("peer did not answer " + type());
    }

    /** False for messages that must not be fragmented (RFC 7383 §3: liveness checks, MID sync). */
    default boolean allowFragmentation() {
        return true;
    }

    /** True for the RFC 6311 sync request, which uses Message ID 0 outside the window. */
    default boolean messageIdZero() {
        return false;
    }
}
