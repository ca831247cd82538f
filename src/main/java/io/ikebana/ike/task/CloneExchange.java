package io.ikebana.ike.task;

import io.ikebana.crypto.KeyExchange;
import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.IkeSuite;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.ProposalSelector;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Clones the IKE SA (RFC 7791 §5.2): CREATE_CHILD_SA with N(CLONE_IKE_SA) and an IKE proposal,
 * keyed like a rekey, but the old SA stays and keeps its Child SAs; the clone starts with none.
 * Only on SAs whose peer announced CLONE_IKE_SA_SUPPORTED (§5.1). {@code onClone} runs after the
 * clone is stored (to create Child SAs on it, or move it to another member).
 */
public final class CloneExchange implements InitiatorExchange {
    private static final Logger LOG = Logger.getLogger(CloneExchange.class.getName());
    private final Consumer<IkeSa> onClone;
    private final Consumer<String> onFailure;
    private long newSpi;
    private byte[] ni;
    private KeyExchange ke;

    public CloneExchange(Consumer<IkeSa> onClone) {
        this(onClone, why -> { });
    }

    /** @param onFailure told why, when the clone was refused or could not be made */
    public CloneExchange(Consumer<IkeSa> onClone, Consumer<String> onFailure) {
        this.onClone = onClone;
        this.onFailure = onFailure;
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        if (!sa.has(IkeExtension.CLONE) || sa.state() != IkeSaState.ESTABLISHED) {
            // RFC 7791 §5.1: never clone an SA whose peer did not announce support
            LOG.fine("not cloning " + sa + ": not negotiated or not established");
            onFailure.accept(sa.has(IkeExtension.CLONE) ? "IKE SA " + sa.state() : "cloning not negotiated");
            return null;
        }
        newSpi = ctx.engine().newIkeSpi();
        ni = Nonces.fresh(ctx.engine().random());
        ke = sa.suite().dh().generate(ctx.engine().random());
        byte[] spi = ByteBuffer.allocate(8).putLong(newSpi).array();
        List<Proposal> ps = new ArrayList<>();
        int n = 1;
        for (CryptoProposal c : ctx.engine().config().ikeProposals()) {
            if (c.dh().contains(sa.suite().dh()) && c.prf().contains(sa.suite().prf())) {
                ps.add(c.preferring(sa.suite().dh()).toWire(n++, Proposal.PROTO_IKE, spi));
            }
        }
        return List.of(NotifyPayload.of(NotifyType.CLONE_IKE_SA), new SaPayload(ps), new NoncePayload(ni),
                new KePayload(ke.group().id(), ke.publicValue()));
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
                || answer.proposals().get(0).spi().length != 8) {
            LOG.info("clone of " + sa + " refused" + (err != null ? ": " + err.kind() : ""));
            String why = err != null ? err.kind().name() : "unusable answer";
            ctx.afterCommit(() -> onFailure.accept(why));
            return;
        }
        byte[] gir;
        try {
            gir = ke.sharedSecret(ker.data());
        } catch (KeyExchange.InvalidPublicValueException e) {
            ctx.afterCommit(() -> onFailure.accept("bad KE"));
            return;
        }
        IkeSa clone = RekeyIkeExchange.derive(ctx, sa, suite, gir, ni, nr.data(), newSpi,
                answer.proposals().get(0).spiAsLong(), true);
        clone.virtualIps().addAll(sa.virtualIps());
        clone.clonedFrom(sa.localSpi());
        ctx.created(clone);
        ctx.engine().metrics().saEvent(IkeMetrics.SaEvent.CLONED);
        ctx.afterCommit(() -> onClone.accept(clone));
    }
}
