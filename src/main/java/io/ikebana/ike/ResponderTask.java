package io.ikebana.ike;

import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.wire.payload.Payload;
import java.util.List;

/**
 * Answers one kind of request on an established IKE SA (strongSwan's task, responder side):
 * process the request in {@link ExchangeContext#message()} and return the response payloads.
 * A thrown {@link IkeProtocolException} is answered with its notify.
 */
public interface ResponderTask {

    List<Payload> respond(ExchangeContext ctx) throws IkeProtocolException;
}
