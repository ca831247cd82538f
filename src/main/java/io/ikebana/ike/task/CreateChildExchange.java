package io.ikebana.ike.task;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.KeyExchange;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.ChildSas;
import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TrafficSelector;
import io.ikebana.wire.payload.TsPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * CREATE_CHILD_SA for a new Child SA or the rekey of one (RFC 7296 §1.3.1, §1.3.3). A rekey
 * carries N(REKEY_SA) with our inbound SPI of the old SA, keeps its selectors, and deletes the
 * old SA once the new one is installed.
 */
public final class CreateChildExchange implements InitiatorExchange {
    private static final Logger LOG = Logger.getLogger(CreateChildExchange.class.getName());
    private final int rekeyInboundSpi;
    private final List<TrafficSelector> tsi;
    private final List<TrafficSelector> tsr;
    private int inboundSpi;
    private byte[] ni;
    private KeyExchange ke;
    private List<TrafficSelector> sentTsi;
    private List<TrafficSelector> sentTsr;

    /** Rekey of the Child SA with this inbound SPI. */
    public CreateChildExchange(int rekeyInboundSpi) {
        this.rekeyInboundSpi = rekeyInboundSpi;
        this.tsi = null;
        this.tsr = null;
    }

    /** A new Child SA with these selectors (ours, theirs). */
    public CreateChildExchange(List<TrafficSelector> tsi, List<TrafficSelector> tsr) {
        this.rekeyInboundSpi = 0;
        this.tsi = List.copyOf(tsi);
        this.tsr = List.copyOf(tsr);
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        ChildSaState old = null;
        if (rekeyInboundSpi != 0) {
            old = sa.childByInbound(rekeyInboundSpi);
            if (old == null || old.status() == ChildSaState.Status.DELETING
                    || old.status() == ChildSaState.Status.REKEYED) {
                return null;
            }
        }
        if (sa.state() != IkeSaState.ESTABLISHED) {
            // RFC 7296 §2.8: no new Child SA exchanges once an IKE SA rekey started
            if (old != null) {
                old.status(ChildSaState.Status.INSTALLED);
                old.rekeyAt(ctx.engine().now() + 10_000);
            }
            return null;
        }
        List<CryptoProposal> esp = ctx.engine().config().espProposals();
        DhGroup pfs = esp.isEmpty() || esp.get(0).dh().isEmpty() ? null : esp.get(0).dh().get(0);
        inboundSpi = ctx.engine().dataPlane().allocateSpi();
        ni = Nonces.fresh(ctx.engine().random());
        sentTsi = old != null ? old.localTs() : tsi;
        sentTsr = old != null ? old.remoteTs() : tsr;
        List<Payload> out = new ArrayList<>();
        if (old != null) {
            old.status(ChildSaState.Status.REKEYING);
            byte[] spi = spiBytes(old.inboundSpi());
            out.add(new NotifyPayload(Proposal.PROTO_ESP, spi, NotifyType.REKEY_SA.code(), null));
        }
        out.add(ChildSas.propose(esp, inboundSpi, pfs));
        out.add(new NoncePayload(ni));
        if (pfs != null) {
            ke = pfs.generate(ctx.engine().random());
            out.add(new KePayload(pfs.id(), ke.publicValue()));
        }
        out.add(new TsPayload(true, sentTsi));
        out.add(new TsPayload(false, sentTsr));
        return out;
    }

    @Override
    public void response(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        ChildSaState old = rekeyInboundSpi != 0 ? sa.childByInbound(rekeyInboundSpi) : null;
        NotifyPayload err = ctx.message().firstError();
        if (err != null) {
            if (old != null && old.status() == ChildSaState.Status.REKEYING) {
                // RFC 7296 §2.25: after TEMPORARY_FAILURE retry later, with jitter
                old.status(ChildSaState.Status.INSTALLED);
                old.rekeyAt(ctx.engine().now() + 5_000 + ctx.engine().random().nextInt(10_000));
            }
            if (err.notifyType() != NotifyType.CHILD_SA_NOT_FOUND.code()) {
                LOG.fine(() -> "CREATE_CHILD_SA refused: " + err.kind());
            }
            ctx.engine().dataPlane().remove(inboundSpi);
            return;
        }
        NoncePayload nr = ctx.message().first(NoncePayload.class);
        List<TsPayload> ts = ctx.message().all(TsPayload.class);
        TsPayload rtsi = null;
        TsPayload rtsr = null;
        for (TsPayload t : ts) {
            if (t.initiator()) {
                rtsi = t;
            } else {
                rtsr = t;
            }
        }
        ChildSas.Negotiated n;
        try {
            if (nr == null) {
                throw new io.ikebana.ike.error.InvalidSyntaxException("no Nr");
            }
            n = ChildSas.complete(ctx.engine(), sa.localSpi(), sa.suite().prf(), sa.skD().bytes(), ni, nr.data(),
                    inboundSpi, ctx.message().first(SaPayload.class), rtsi, rtsr,
                    ctx.message().first(KePayload.class), ke, sentTsi, sentTsr, sa.local(), sa.remote(),
                    ctx.engine().cluster().isTcp(sa), ctx.engine().config().espProposals());
        } catch (IkeProtocolException e) {
            LOG.warning("CREATE_CHILD_SA answer unusable: " + e.getMessage());
            if (old != null) {
                old.status(ChildSaState.Status.INSTALLED);
                old.rekeyAt(ctx.engine().now() + 30_000);
            }
            return;
        }
        sa.children().add(n.state());
        ctx.engine().metrics().saEvent(old != null ? IkeMetrics.SaEvent.CHILD_REKEYED : IkeMetrics.SaEvent.CHILD_CREATED);
        ctx.afterCommit(() -> {
            ChildSas.install(ctx.engine(), sa, n);
            ctx.engine().fireChildInstalled(sa, n.state());
        });
        if (old != null) {
            old.status(ChildSaState.Status.REKEYED);
            // RFC 7296 §1.3.3: the initiator of the rekey deletes the old Child SA
            ctx.local().enqueue(new DeleteChildExchange(List.of(old.inboundSpi())));
        }
    }

    static byte[] spiBytes(int spi) {
        return new byte[] {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi};
    }
}
