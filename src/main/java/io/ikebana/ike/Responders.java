package io.ikebana.ike;

import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.ike.task.CreateChildResponder;
import io.ikebana.ike.task.InformationalResponder;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.util.List;

/** Chooses the responder task for a request by exchange type. */
final class Responders {
    private final IkeEngine engine;
    private final InitResponder init;
    private final AuthResponder auth;
    private final ResponderTask createChild = new CreateChildResponder();
    private final ResponderTask informational = new InformationalResponder();

    Responders(IkeEngine engine) {
        this.engine = engine;
        this.init = new InitResponder(engine);
        this.auth = new AuthResponder(engine);
    }

    InitResponder init() {
        return init;
    }

    AuthResponder auth() {
        return auth;
    }

    /** Answers a request on an established SA; errors become notifies (RFC 7296 §2.21.4). */
    List<Payload> respond(ExchangeContext ctx) {
        ResponderTask task;
        switch (ctx.message().exchange()) {
            case CREATE_CHILD_SA:
                task = createChild;
                break;
            case INFORMATIONAL:
                task = informational;
                break;
            default:
                // IKE_AUTH on an established SA (EAP rounds we do not offer) or an unknown exchange
                // type: INVALID_SYNTAX, which is fatal for the IKE SA (RFC 7296 §2.21.3)
                engine.metrics().exchange(ctx.message().exchange(), IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.ERROR);
                ctx.destroyIkeSa("unexpected exchange " + ctx.message().header().exchangeType());
                return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        try {
            List<Payload> out = task.respond(ctx);
            engine.metrics().exchange(ctx.message().exchange(), IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.OK);
            return out;
        } catch (IkeProtocolException e) {
            engine.metrics().exchange(ctx.message().exchange(), IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.ERROR);
            if (e.type() == NotifyType.INVALID_SYNTAX) {
                ctx.destroyIkeSa("invalid syntax: " + e.getMessage());
            }
            return List.of(e.toNotify());
        }
    }
}
