package io.ikebana.ike.task;

import io.ikebana.crypto.KeyExchange;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.ChildSas;
import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.IkeSuite;
import io.ikebana.ike.ResponderTask;
import io.ikebana.ike.error.ChildSaNotFoundException;
import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.ike.error.InvalidKePayloadException;
import io.ikebana.ike.error.InvalidSyntaxException;
import io.ikebana.ike.error.NoAdditionalSasException;
import io.ikebana.ike.error.NoProposalChosenException;
import io.ikebana.ike.error.TemporaryFailureException;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.policy.ProposalSelector;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TsPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Responder side of CREATE_CHILD_SA (RFC 7296 §1.3): a new Child SA, the rekey of a Child SA
 * (N(REKEY_SA)), or the rekey of the IKE SA (an IKE proposal); collisions per §2.25. Clone
 * requests (RFC 7791) are delegated to the cluster's clone task when supported.
 */
public final class CreateChildResponder implements ResponderTask {
    private static final ResponderTask CLONE = new CloneResponder();

    @Override
    public List<Payload> respond(ExchangeContext ctx) throws IkeProtocolException {
        IkeMessage m = ctx.message();
        SaPayload sa = m.first(SaPayload.class);
        NoncePayload ni = m.first(NoncePayload.class);
        if (sa == null || ni == null) {
            throw new InvalidSyntaxException("CREATE_CHILD_SA without SA or Nonce");
        }
        NotifyPayload rekey = m.notify(NotifyType.REKEY_SA);
        boolean ikeProposal = sa.proposals().get(0).protocolId() == Proposal.PROTO_IKE;
        if (ikeProposal && rekey == null) {
            if (m.hasNotify(NotifyType.CLONE_IKE_SA)) {
                return CLONE.respond(ctx);
            }
            return rekeyIke(ctx, sa, ni, m.first(KePayload.class));
        }
        return child(ctx, sa, ni, rekey);
    }

    private List<Payload> child(ExchangeContext ctx, SaPayload saPayload, NoncePayload ni, NotifyPayload rekey)
            throws IkeProtocolException {
        IkeSa sa = ctx.sa();
        if (sa.state() != IkeSaState.ESTABLISHED) {
            // RFC 7296 §2.25: Child SA work while the IKE SA is being rekeyed
            throw new TemporaryFailureException("IKE SA " + sa.state());
        }
        ChildSaState old = null;
        if (rekey != null) {
            if (rekey.spi().length != 4) {
                throw new InvalidSyntaxException("REKEY_SA SPI size " + rekey.spi().length);
            }
            int spi = ByteBuffer.wrap(rekey.spi()).getInt();
            old = sa.childByOutbound(spi);
            if (old == null) {
                throw new ChildSaNotFoundException(spi);
            }
            if (old.status() == ChildSaState.Status.DELETING) {
                throw new TemporaryFailureException("Child SA being deleted");
            }
        } else if (sa.children().size() >= ctx.engine().config().limits().maxChildSasPerIkeSa()) {
            throw new NoAdditionalSasException("Child SA limit reached");
        }
        TsPayload tsi = null;
        TsPayload tsr = null;
        for (TsPayload t : ctx.message().all(TsPayload.class)) {
            if (t.initiator()) {
                tsi = t;
            } else {
                tsr = t;
            }
        }
        byte[] nr = Nonces.fresh(ctx.engine().random());
        List<io.ikebana.wire.payload.TrafficSelector> allowedLocal;
        List<io.ikebana.wire.payload.TrafficSelector> allowedRemote;
        if (old != null) {
            // RFC 7296 §2.9.2: a rekeyed Child SA keeps the scope of the old one
            allowedLocal = old.localTs();
            allowedRemote = old.remoteTs();
        } else if (sa.mobikeInitiator()) {
            // we are the client (we began the series this SA belongs to, even if the gateway cloned or
            // rekeyed it): our side is our virtual IP (or anything we route), theirs their networks
            PeerPolicy peer = peer(ctx);
            allowedLocal = new java.util.ArrayList<>();
            for (java.net.InetAddress v : sa.virtualIps()) {
                allowedLocal.add(io.ikebana.wire.payload.TrafficSelector.ofAddress(v));
            }
            if (allowedLocal.isEmpty()) {
                allowedLocal = List.of(io.ikebana.wire.payload.TrafficSelector.ofAddress(sa.local().getAddress()));
            }
            allowedRemote = peer.remoteTs().isEmpty() ? ChildSas.localAllowed(peer) : peer.remoteTs();
        } else {
            PeerPolicy peer = peer(ctx);
            allowedLocal = ChildSas.localAllowed(peer);
            allowedRemote = ChildSas.remoteAllowed(peer, sa.virtualIps(), sa.remote());
        }
        ChildSas.Answer a = ChildSas.respond(ctx.engine(), sa.localSpi(), sa.suite().prf(), sa.skD().bytes(),
                ni.data(), nr, saPayload, tsi, tsr, ctx.message().first(KePayload.class), allowedLocal, allowedRemote,
                sa.local(), sa.remote(), ctx.engine().cluster().isTcp(sa), ctx.engine().config().espProposals());
        sa.children().add(a.child().state());
        if (old != null && old.status() == ChildSaState.Status.INSTALLED) {
            // the initiator deletes the old one once it has the new (RFC 7296 §1.3.3)
            old.status(ChildSaState.Status.REKEYED);
        }
        // RFC 7296 §2.8: as the responder we keep sending on the old pair until the initiator shows
        // it has the new one (a packet on it, or its delete of the old)
        ChildSas.Negotiated n = old != null ? a.child().replacing(old.inboundSpi()) : a.child();
        ctx.afterCommit(() -> {
            ChildSas.install(ctx.engine(), sa, n);
            ctx.engine().fireChildInstalled(sa, n.state());
        });
        ctx.engine().metrics().saEvent(old != null ? IkeMetrics.SaEvent.CHILD_REKEYED : IkeMetrics.SaEvent.CHILD_CREATED);
        List<Payload> out = new ArrayList<>();
        out.add(new SaPayload(List.of(a.proposal())));
        out.add(new NoncePayload(nr));
        if (a.ke() != null) {
            out.add(a.ke());
        }
        out.add(a.tsi());
        out.add(a.tsr());
        return out;
    }

    private List<Payload> rekeyIke(ExchangeContext ctx, SaPayload saPayload, NoncePayload ni, KePayload ke)
            throws IkeProtocolException {
        IkeSa sa = ctx.sa();
        if (sa.state() != IkeSaState.ESTABLISHED || ctx.local().busy()) {
            // RFC 7296 §2.25: an IKE rekey while we create, rekey or delete something
            throw new TemporaryFailureException("IKE SA busy");
        }
        if (ke == null) {
            throw new InvalidSyntaxException("IKE SA rekey without KE");
        }
        List<Proposal> ps = new ArrayList<>();
        for (Proposal p : saPayload.proposals()) {
            // RFC 7296 §3.3.1: the SPI of an IKE rekey proposal is 8 octets
            if (p.protocolId() == Proposal.PROTO_IKE && p.spi().length == 8) {
                ps.add(p);
            }
        }
        ProposalSelector.IkeChoice choice = ProposalSelector.selectIke(ps, ctx.engine().config().ikeProposals(),
                ke.group());
        if (choice == null) {
            throw new NoProposalChosenException("no acceptable IKE rekey proposal");
        }
        IkeSuite suite = choice.suite();
        if (suite.dh().id() != ke.group()) {
            throw new InvalidKePayloadException(suite.dh().id());
        }
        KeyExchange kx = suite.dh().generate(ctx.engine().random());
        byte[] gir;
        try {
            gir = kx.sharedSecret(ke.data());
        } catch (KeyExchange.InvalidPublicValueException e) {
            throw new InvalidSyntaxException("bad KE");
        }
        byte[] nr = Nonces.fresh(ctx.engine().random());
        long ours = ctx.engine().newIkeSpi();
        long theirs = choice.received().spiAsLong();
        IkeSa next = RekeyIkeExchange.successor(ctx, sa, suite, gir, ni.data(), nr, theirs, ours, false);
        sa.state(IkeSaState.REKEYED);
        ctx.created(next);
        ctx.engine().metrics().saEvent(IkeMetrics.SaEvent.REKEYED);
        ctx.afterCommit(() -> ctx.engine().fireRekeyed(sa, next));
        byte[] spi = ByteBuffer.allocate(8).putLong(ours).array();
        return List.of(new SaPayload(List.of(choice.answer(spi))), new NoncePayload(nr),
                new KePayload(suite.dh().id(), kx.publicValue()));
    }

    static PeerPolicy peer(ExchangeContext ctx) throws NoProposalChosenException {
        for (PeerPolicy p : ctx.engine().config().peers()) {
            if (p.name().equals(ctx.sa().peerName())) {
                return p;
            }
        }
        throw new NoProposalChosenException("peer policy " + ctx.sa().peerName() + " no longer configured");
    }
}
