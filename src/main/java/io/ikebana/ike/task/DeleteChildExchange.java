package io.ikebana.ike.task;

import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes Child SAs by their inbound SPIs (RFC 7296 §1.4.1: a Delete lists the sender's inbound
 * SPIs). Once answered, the pairs are removed from the data plane.
 */
public final class DeleteChildExchange implements InitiatorExchange {
    private final List<Integer> inboundSpis;

    public DeleteChildExchange(List<Integer> inboundSpis) {
        this.inboundSpis = List.copyOf(inboundSpis);
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        List<Integer> present = new ArrayList<>();
        for (int spi : inboundSpis) {
            ChildSaState c = ctx.sa().childByInbound(spi);
            if (c != null) {
                c.status(ChildSaState.Status.DELETING);
                present.add(spi);
            }
        }
        return present.isEmpty() ? null : List.of(DeletePayload.esp(present));
    }

    @Override
    public void response(ExchangeContext ctx) {
        remove(ctx);
    }

    @Override
    public void timeout(ExchangeContext ctx) {
        ctx.destroyIkeSa("peer did not answer a Child SA delete");
    }

    private void remove(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        for (int spi : inboundSpis) {
            ChildSaState c = sa.childByInbound(spi);
            if (c != null) {
                sa.children().remove(c);
                ctx.afterCommit(() -> {
                    ctx.engine().dataPlane().remove(spi);
                    ctx.engine().childGone(spi);
                    ctx.engine().metrics().saEvent(IkeMetrics.SaEvent.CHILD_DELETED);
                    ctx.engine().fireChildDeleted(sa, c);
                });
            }
        }
    }
}
