package io.ikebana.ike.task;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.ike.NatDetection;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.util.List;
import java.util.logging.Logger;

/**
 * The MOBIKE initiator's address update (RFC 4555 §3.5): INFORMATIONAL SK{N(UPDATE_SA_ADDRESSES),
 * N(NAT_DETECTION_*), N(COOKIE2)} from the addresses the SA should use now. Sent by our client
 * after it moved, or after the gateway announced a new address.
 */
public final class UpdateAddressesExchange implements InitiatorExchange {
    private static final Logger LOG = Logger.getLogger(UpdateAddressesExchange.class.getName());
    private byte[] cookie2;

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        cookie2 = new byte[16];
        ctx.engine().random().nextBytes(cookie2);
        byte[] src = NatDetection.hash(sa.spiI(), sa.spiR(), sa.local());
        if (ctx.engine().config().features().forceEncapsulation()) {
            ctx.engine().random().nextBytes(src);
        }
        return List.of(NotifyPayload.of(NotifyType.UPDATE_SA_ADDRESSES),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, src),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP,
                        NatDetection.hash(sa.spiI(), sa.spiR(), sa.remote())),
                NotifyPayload.of(NotifyType.COOKIE2, cookie2));
    }

    @Override
    public void response(ExchangeContext ctx) {
        NotifyPayload c = ctx.message().notify(NotifyType.COOKIE2);
        if (c == null || !java.util.Arrays.equals(c.data(), cookie2)) {
            // RFC 4555 §3.7: COOKIE2 mismatch closes the IKE SA
            LOG.warning("COOKIE2 mismatch on " + ctx.sa());
            ctx.destroyIkeSa("COOKIE2 mismatch");
        }
    }
}
