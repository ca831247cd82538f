package io.ikebana.ike.task;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.payload.Payload;
import java.util.List;

/** Liveness check: an empty INFORMATIONAL request (RFC 7296 §1.4, §2.4). */
public final class DpdExchange implements InitiatorExchange {

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        return List.of();
    }

    @Override
    public void response(ExchangeContext ctx) {
        // any authenticated answer proves liveness; the engine updated the timestamp
    }

    @Override
    public boolean allowFragmentation() {
        return false;
    }
}
