package io.ikebana.ike.task;

import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.NatDetection;
import io.ikebana.ike.ResponderTask;
import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Responder side of INFORMATIONAL (RFC 7296 §1.4): Delete of Child SAs or of the IKE SA, empty
 * liveness checks, and the MOBIKE notifications (RFC 4555 §3.5, §3.6).
 */
public final class InformationalResponder implements ResponderTask {
    /** How long our Child SAs keep the old path after the gateway announced a new address. */
    static final long CHILD_FOLLOW_MILLIS = 2000;

    @Override
    public List<Payload> respond(ExchangeContext ctx) throws IkeProtocolException {
        IkeMessage m = ctx.message();
        IkeSa sa = ctx.sa();
        List<Payload> out = new ArrayList<>();
        List<Integer> deleted = new ArrayList<>();
        for (DeletePayload d : m.all(DeletePayload.class)) {
            if (d.protocolId() == Proposal.PROTO_IKE) {
                // RFC 7296 §1.4.1: the answer to an IKE SA delete is empty
                ctx.destroyIkeSa("deleted by peer");
                return List.of();
            }
            if (d.protocolId() != Proposal.PROTO_ESP) {
                continue;
            }
            for (int spi : d.espSpis()) {
                // the Delete lists the sender's inbound SPIs: our outbound ones
                ChildSaState c = sa.childByOutbound(spi);
                if (c == null) {
                    continue;
                }
                sa.children().remove(c);
                // RFC 7296 §1.4.1: don't repeat SPIs we are deleting ourselves
                if (c.status() != ChildSaState.Status.DELETING) {
                    deleted.add(c.inboundSpi());
                }
                ctx.afterCommit(() -> {
                    ctx.engine().dataPlane().remove(c.inboundSpi());
                    ctx.engine().childGone(c.inboundSpi());
                    ctx.engine().metrics().saEvent(IkeMetrics.SaEvent.CHILD_DELETED);
                    ctx.engine().fireChildDeleted(sa, c);
                });
            }
        }
        if (!deleted.isEmpty()) {
            out.add(DeletePayload.esp(deleted));
        }
        if (sa.has(IkeExtension.MOBIKE)) {
            mobike(ctx, m, sa, out);
        }
        return out;
    }

    private void mobike(ExchangeContext ctx, IkeMessage m, IkeSa sa, List<Payload> out) {
        boolean addressesChanged = false;
        List<InetAddress> additional = new ArrayList<>();
        for (NotifyPayload n : m.all(NotifyPayload.class)) {
            NotifyType t = n.kind();
            if (t == NotifyType.ADDITIONAL_IP4_ADDRESS || t == NotifyType.ADDITIONAL_IP6_ADDRESS) {
                try {
                    additional.add(InetAddress.getByAddress(n.data()));
                } catch (UnknownHostException e) {
                    // malformed hint, ignored
                }
                addressesChanged = true;
            } else if (t == NotifyType.NO_ADDITIONAL_ADDRESSES) {
                addressesChanged = true;
            }
        }
        if (addressesChanged) {
            // RFC 4555 §3.6: the list replaces the previous one
            sa.peerAdditionalAddresses().clear();
            sa.peerAdditionalAddresses().addAll(additional);
            if (sa.mobikeInitiator() && !ctx.packet().remote().equals(sa.remote())) {
                // we are the MOBIKE initiator and the gateway speaks from another address: follow
                // it at once, as strongSwan does (mobike.md §5, §11)
                InetSocketAddress local = ctx.packet().local();
                InetSocketAddress remote = ctx.packet().remote();
                sa.endpoints(local, remote);
                // RFC 4555 §3.5: the initiator decides where its IPsec SAs go. A cluster that moves us
                // re-creates our Child SAs at the new member within a round trip; until then the old
                // ones keep working through the old member, so they follow only if not replaced soon
                long spi = sa.localSpi();
                ctx.afterCommit(() -> ctx.engine().later(CHILD_FOLLOW_MILLIS, spi, c -> {
                    c.engine().dataPlane().updateEndpoints(spi, c.sa().local(), c.sa().remote());
                    return false;
                }));
                // and confirm the new path as an RFC 4555 initiator would (§3.5)
                ctx.local().enqueue(new UpdateAddressesExchange());
            }
        }
        if (m.hasNotify(NotifyType.UPDATE_SA_ADDRESSES)) {
            // RFC 4555 §3.5: move the SA (and its Child SAs) to the addresses of this request
            InetSocketAddress local = ctx.packet().local();
            InetSocketAddress remote = ctx.packet().remote();
            sa.endpoints(local, remote);
            // RFC 9329 §7.1: the transport of the update becomes the SA's (UDP <-> TCP)
            if (ctx.packet().tcp()) {
                sa.extensions().add(IkeExtension.TCP);
            } else {
                sa.extensions().remove(IkeExtension.TCP);
            }
            ctx.afterCommit(() -> ctx.engine().dataPlane().updateEndpoints(sa.localSpi(), local, remote));
            ctx.engine().cluster().touched(sa, ctx.packet());
            if (m.hasNotify(NotifyType.NAT_DETECTION_SOURCE_IP)) {
                byte[] src = NatDetection.hash(sa.spiI(), sa.spiR(), local);
                if (ctx.engine().config().features().forceEncapsulation()) {
                    ctx.engine().random().nextBytes(src);
                }
                out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, src));
                out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP,
                        NatDetection.hash(sa.spiI(), sa.spiR(), remote)));
            }
        }
        NotifyPayload cookie2 = m.notify(NotifyType.COOKIE2);
        if (cookie2 != null) {
            // RFC 4555 §3.5: echo COOKIE2 for the return routability check
            out.add(NotifyPayload.of(NotifyType.COOKIE2, cookie2.data()));
        }
    }
}
