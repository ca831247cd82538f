package io.ikebana.ike.task;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.ike.MessageWindow;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Logger;

/**
 * RFC 6311 IKE Message-ID synchronisation after a takeover: an INFORMATIONAL with Message ID 0
 * carrying N(IKEV2_MESSAGE_ID_SYNC) = nonce | M1 | P1; the peer answers nonce | P2 | M2 and both
 * sides continue from the maxima (§5.1). M1 gets a margin over the replicated value, since the
 * dead member may have used IDs the grid never saw.
 */
public final class MidSyncExchange implements InitiatorExchange {
    private static final Logger LOG = Logger.getLogger(MidSyncExchange.class.getName());
    /** RFC 6311 §5.1: M1 larger than any value used; known value + window + margin. */
    static final int MARGIN = 8;
    private byte[] nonce;

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    /** The sync request is sent with Message ID 0 whatever the window says (RFC 6311 §5). */
    @Override
    public boolean messageIdZero() {
        return true;
    }

    @Override
    public boolean allowFragmentation() {
        // RFC 7383 §3: Message-ID-sync messages MUST NOT be fragmented
        return false;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        MessageWindow w = ctx.sa().window();
        nonce = new byte[4];
        ctx.engine().random().nextBytes(nonce);
        long m1 = w.nextRequestId() + MARGIN;
        long p1 = w.expectedRequestId();
        // our own requests continue after M1 at the least
        w.nextRequestId(m1);
        ByteBuffer b = ByteBuffer.allocate(12).put(nonce).putInt((int) m1).putInt((int) p1);
        return List.of(NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC, b.array()));
    }

    @Override
    public void response(ExchangeContext ctx) {
        NotifyPayload n = ctx.message().notify(NotifyType.IKEV2_MESSAGE_ID_SYNC);
        // RFC 6311 §5.1: a response with another nonce is dropped
        if (n == null || n.data().length != 12 || !java.util.Arrays.equals(java.util.Arrays.copyOf(n.data(), 4), nonce)) {
            LOG.warning("message ID sync answer unusable for " + ctx.sa());
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(n.data(), 4, 8);
        long p2 = b.getInt() & 0xffffffffL;
        long m2 = b.getInt() & 0xffffffffL;
        IkeSa sa = ctx.sa();
        sa.window().nextRequestId(Math.max(m2, sa.window().nextRequestId()));
        sa.window().expectedRequestId(Math.max(p2, sa.window().expectedRequestId()));
    }
}
