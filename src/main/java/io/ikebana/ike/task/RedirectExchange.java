package io.ikebana.ike.task;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.ike.Redirects;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.net.InetAddress;
import java.util.List;

/**
 * Redirect of an established IKE SA (RFC 5685 §5): INFORMATIONAL SK{N(REDIRECT, new gateway)},
 * without nonce data. The client builds a new IKE SA with the new gateway and deletes this one;
 * we delete it ourselves after {@code graceMillis} if it does not.
 */
public final class RedirectExchange implements InitiatorExchange {
    private final InetAddress target;
    private final long graceMillis;

    public RedirectExchange(InetAddress target, long graceMillis) {
        this.target = target;
        this.graceMillis = graceMillis;
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        return List.of(NotifyPayload.of(NotifyType.REDIRECT, Redirects.data(target, null)));
    }

    @Override
    public void response(ExchangeContext ctx) {
        // RFC 5685 §5: the gateway MAY delete the old SA after a while
        ctx.sa().expireAtMillis(ctx.engine().now() + graceMillis);
    }
}
