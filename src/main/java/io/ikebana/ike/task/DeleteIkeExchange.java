package io.ikebana.ike.task;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.Payload;
import java.util.List;

/** Deletes the IKE SA and with it all its Child SAs (RFC 7296 §1.4.1). */
public final class DeleteIkeExchange implements InitiatorExchange {

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        ctx.sa().state(IkeSaState.DELETING);
        return List.of(DeletePayload.ike());
    }

    @Override
    public void response(ExchangeContext ctx) {
        ctx.destroyIkeSa("deleted");
    }

    @Override
    public void timeout(ExchangeContext ctx) {
        ctx.destroyIkeSa("deleted (peer did not confirm)");
    }
}
