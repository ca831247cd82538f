package io.ikebana.ike.task;

import io.ikebana.crypto.KeyExchange;
import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.IkeSuite;
import io.ikebana.ike.ResponderTask;
import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.ike.error.InvalidKePayloadException;
import io.ikebana.ike.error.InvalidSyntaxException;
import io.ikebana.ike.error.NoAdditionalSasException;
import io.ikebana.ike.error.NoProposalChosenException;
import io.ikebana.ike.error.TemporaryFailureException;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.ProposalSelector;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a clone request (RFC 7791 §5.2, §5.3): an independent IKE SA with new SPIs, keys as
 * for a rekey, Message IDs from 0 and no Child SAs; the original keeps everything. Refused when
 * clone support was not negotiated (NO_PROPOSAL_CHOSEN; the original survives), during a rekey
 * (TEMPORARY_FAILURE), or past the per-identity limit across all clones (NO_ADDITIONAL_SAS).
 */
public final class CloneResponder implements ResponderTask {

    @Override
    public List<Payload> respond(ExchangeContext ctx) throws IkeProtocolException {
        IkeSa sa = ctx.sa();
        IkeMessage m = ctx.message();
        if (!sa.has(IkeExtension.CLONE)) {
            // RFC 7791 §5.1: without negotiated support the SA MUST NOT be cloned
            throw new NoProposalChosenException("IKE SA cloning not negotiated");
        }
        if (sa.state() != IkeSaState.ESTABLISHED || ctx.local().busy()) {
            throw new TemporaryFailureException("IKE SA " + sa.state());
        }
        int limit = ctx.engine().config().limits().maxClonesPerIdentity();
        int clones = 0;
        for (long other : ctx.engine().store().findByRemoteIdentity(sa.remoteId())) {
            IkeSa o = other == sa.localSpi() ? sa : ctx.engine().store().peek(other);
            if (o != null && o.clonedFrom() != 0) {
                clones++;
            }
        }
        if (clones >= limit) {
            // RFC 7791 §8: bound the clones of one authenticated peer
            throw new NoAdditionalSasException("at most " + limit + " clones per identity");
        }
        SaPayload saPayload = m.first(SaPayload.class);
        NoncePayload ni = m.first(NoncePayload.class);
        KePayload ke = m.first(KePayload.class);
        if (ke == null) {
            throw new InvalidSyntaxException("clone without KE");
        }
        List<Proposal> ps = new ArrayList<>();
        for (Proposal p : saPayload.proposals()) {
            if (p.protocolId() == Proposal.PROTO_IKE && p.spi().length == 8) {
                ps.add(p);
            }
        }
        ProposalSelector.IkeChoice choice = ProposalSelector.selectIke(ps, ctx.engine().config().ikeProposals(),
                ke.group());
        if (choice == null) {
            throw new NoProposalChosenException("no acceptable clone proposal");
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
        IkeSa clone = RekeyIkeExchange.derive(ctx, sa, suite, gir, ni.data(), nr, choice.received().spiAsLong(), ours,
                false);
        clone.virtualIps().addAll(sa.virtualIps());
        clone.clonedFrom(sa.localSpi());
        ctx.created(clone);
        ctx.engine().metrics().saEvent(IkeMetrics.SaEvent.CLONED);
        ctx.afterCommit(() -> ctx.engine().cluster().cloned(clone));
        byte[] spi = ByteBuffer.allocate(8).putLong(ours).array();
        return List.of(new SaPayload(List.of(choice.answer(spi))), new NoncePayload(nr),
                new KePayload(suite.dh().id(), kx.publicValue()));
    }
}
