package io.ikebana.ike.task;

import io.ikebana.crypto.KeyExchange;
import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.IkeSuite;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.ike.KeySchedule;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.ProposalSelector;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Rekey of the IKE SA (RFC 7296 §1.3.2, §2.18): a new SA with fresh SPIs and keys derived from
 * the old SK_d, which inherits all Child SAs; we become its original initiator, and delete the
 * old SA as its last request.
 */
public final class RekeyIkeExchange implements InitiatorExchange {
    private long newSpi;
    private byte[] ni;
    private KeyExchange ke;

    @Override
    public ExchangeType type() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        if (sa.state() != IkeSaState.ESTABLISHED) {
            return null;
        }
        sa.state(IkeSaState.REKEYING);
        newSpi = ctx.engine().newIkeSpi();
        ni = Nonces.fresh(ctx.engine().random());
        ke = sa.suite().dh().generate(ctx.engine().random());
        byte[] spi = ByteBuffer.allocate(8).putLong(newSpi).array();
        List<Proposal> ps = new ArrayList<>();
        int n = 1;
        for (CryptoProposal c : ctx.engine().config().ikeProposals()) {
            if (c.dh().contains(sa.suite().dh())) {
                ps.add(c.preferring(sa.suite().dh()).toWire(n++, Proposal.PROTO_IKE, spi));
            }
        }
        return List.of(new SaPayload(ps), new NoncePayload(ni), new KePayload(ke.group().id(), ke.publicValue()));
    }

    @Override
    public void response(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        NotifyPayload err = ctx.message().firstError();
        SaPayload answer = ctx.message().first(SaPayload.class);
        NoncePayload nr = ctx.message().first(NoncePayload.class);
        KePayload ker = ctx.message().first(KePayload.class);
        IkeSuite suite = answer == null ? null
                : ProposalSelector.acceptIkeAnswer(answer.proposals(), ctx.engine().config().ikeProposals());
        if (err != null || suite == null || nr == null || ker == null || ker.group() != ke.group().id()
                || suite.dh() != ke.group() || answer.proposals().get(0).spi().length != 8) {
            // TEMPORARY_FAILURE or a bad answer: retry later (RFC 7296 §2.25)
            sa.state(IkeSaState.ESTABLISHED);
            sa.rekeyAtMillis(ctx.engine().now() + 10_000 + ctx.engine().random().nextInt(20_000));
            return;
        }
        byte[] gir;
        try {
            gir = ke.sharedSecret(ker.data());
        } catch (KeyExchange.InvalidPublicValueException e) {
            sa.state(IkeSaState.ESTABLISHED);
            sa.rekeyAtMillis(ctx.engine().now() + 30_000);
            return;
        }
        long peerSpi = answer.proposals().get(0).spiAsLong();
        IkeSa next = successor(ctx, sa, suite, gir, ni, nr.data(), newSpi, peerSpi, true);
        sa.state(IkeSaState.REKEYED);
        ctx.created(next);
        ctx.engine().metrics().saEvent(IkeMetrics.SaEvent.REKEYED);
        ctx.afterCommit(() -> ctx.engine().fireRekeyed(sa, next));
        // RFC 7296 §1.3.2: the old IKE SA is deleted by the rekey initiator, as its last request
        ctx.local().enqueue(new DeleteIkeExchange());
    }

    /**
     * Builds the rekeyed SA: SKEYSEED = prf(SK_d(old), g^ir | Ni | Nr), then the key schedule
     * with the new SPIs (RFC 7296 §2.18). The rekey initiator's SPI becomes SPIi.
     */
    static IkeSa successor(ExchangeContext ctx, IkeSa old, IkeSuite suite, byte[] gir, byte[] ni, byte[] nr,
            long spiI, long spiR, boolean weInitiated) {
        IkeSa next = derive(ctx, old, suite, gir, ni, nr, spiI, spiR, weInitiated);
        ctx.engine().inherit(old, next);
        // the old SA lingers until deleted; bound it (strongSwan deletes it at once)
        old.expireAtMillis(ctx.engine().now() + ctx.engine().config().timers().halfOpenMillis());
        return next;
    }

    /**
     * A new IKE SA keyed from an existing one, as for a rekey (RFC 7296 §2.18) or a clone
     * (RFC 7791 §5.2): same identities, endpoints and extensions, no Child SAs yet.
     */
    static IkeSa derive(ExchangeContext ctx, IkeSa old, IkeSuite suite, byte[] gir, byte[] ni, byte[] nr,
            long spiI, long spiR, boolean weInitiated) {
        byte[] skeyseed = KeySchedule.rekeySkeyseed(old.suite().prf(), old.skD().bytes(), gir, ni, nr);
        KeySchedule.IkeKeys k = KeySchedule.ikeKeys(suite, skeyseed, ni, nr, spiI, spiR);
        k.skPi().destroy();
        k.skPr().destroy();
        IkeSa next = new IkeSa(spiI, spiR, weInitiated, suite, k.skD(), k.skAi(), k.skAr(), k.skEi(), k.skEr());
        old.copyContextTo(next);
        next.rekeyAtMillis(ctx.engine().rekeyDeadline(ctx.engine().config().timers().ikeRekeyMillis()));
        next.lastInboundMillis(ctx.engine().now());
        return next;
    }
}
