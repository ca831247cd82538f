package io.ikebana.client;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.payload.Payload;
import java.util.List;

/** An exchange that runs {@code answered} once the peer's authenticated response was processed. */
final class AfterAnswer implements InitiatorExchange {
    private final InitiatorExchange inner;
    private final Runnable answered;

    AfterAnswer(InitiatorExchange inner, Runnable answered) {
        this.inner = inner;
        this.answered = answered;
    }

    @Override
    public ExchangeType type() {
        return inner.type();
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        return inner.request(ctx);
    }

    @Override
    public void response(ExchangeContext ctx) {
        inner.response(ctx);
        ctx.afterCommit(answered);
    }

    @Override
    public void timeout(ExchangeContext ctx) {
        inner.timeout(ctx);
    }

    @Override
    public boolean allowFragmentation() {
        return inner.allowFragmentation();
    }
}
