package io.ikebana.ike.task;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.util.List;
import java.util.logging.Logger;

/**
 * The gateway's address list, sent from the address the SA should use from now on (RFC 4555
 * §3.6, mobike.md §11): INFORMATIONAL SK{N(NO_ADDITIONAL_ADDRESSES), N(COOKIE2)}. strongSwan
 * re-points the IKE SA and its Child SAs to the source of this request at once; other MOBIKE
 * clients answer and follow with UPDATE_SA_ADDRESSES. COOKIE2 is the return-routability check
 * (§3.7): a wrong echo closes the SA.
 */
public final class AddressUpdateExchange implements InitiatorExchange {
    private static final Logger LOG = Logger.getLogger(AddressUpdateExchange.class.getName());
    private byte[] cookie2;

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        cookie2 = new byte[16];
        ctx.engine().random().nextBytes(cookie2);
        return List.of(NotifyPayload.of(NotifyType.NO_ADDITIONAL_ADDRESSES),
                NotifyPayload.of(NotifyType.COOKIE2, cookie2));
    }

    @Override
    public void response(ExchangeContext ctx) {
        NotifyPayload c = ctx.message().notify(NotifyType.COOKIE2);
        if (c == null || !java.util.Arrays.equals(c.data(), cookie2)) {
            // RFC 4555 §3.7: the COOKIE2 must come back unchanged, else close the IKE SA
            LOG.warning("COOKIE2 mismatch on " + ctx.sa() + ": closing it");
            ctx.destroyIkeSa("COOKIE2 mismatch");
        }
    }
}
