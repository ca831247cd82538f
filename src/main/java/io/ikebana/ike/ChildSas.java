package io.ikebana.ike;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.KeyExchange;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.ike.error.InvalidKePayloadException;
import io.ikebana.ike.error.InvalidSyntaxException;
import io.ikebana.ike.error.NoProposalChosenException;
import io.ikebana.ike.error.TsUnacceptableException;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.policy.ProposalSelector;
import io.ikebana.policy.TsNarrowing;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TrafficSelector;
import io.ikebana.wire.payload.TsPayload;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Child SA negotiation shared by IKE_AUTH and CREATE_CHILD_SA, both roles (RFC 7296 §1.3.1,
 * §2.9, §2.17): proposal choice, selector narrowing, KEYMAT and the hand-off to the data plane.
 */
public final class ChildSas {

    /** A negotiated Child SA, ready to install once the exchange commits. */
    public record Negotiated(ChildSaState state, ChildSaInstaller.Installation installation) {

        /** The same pair, answering a rekey of the pair with inbound SPI {@code inboundSpi}. */
        public Negotiated replacing(int inboundSpi) {
            return new Negotiated(state, installation.replacing(inboundSpi));
        }
    }

    /** The responder's answer: payloads for the response and the Child SA. */
    public record Answer(Proposal proposal, TsPayload tsi, TsPayload tsr, KePayload ke, Negotiated child) {
    }

    private ChildSas() {
    }

    /** What a peer may use on its side: its virtual IPs, configured selectors, or its address. */
    public static List<TrafficSelector> remoteAllowed(PeerPolicy peer, List<InetAddress> vips, InetSocketAddress peerAddr) {
        List<TrafficSelector> out = new ArrayList<>();
        for (InetAddress v : vips) {
            out.add(TrafficSelector.ofAddress(v));
        }
        if (out.isEmpty()) {
            out.addAll(peer.remoteTs());
        }
        if (out.isEmpty() && peerAddr != null) {
            out.add(TrafficSelector.ofAddress(peerAddr.getAddress()));
        }
        return out;
    }

    public static List<TrafficSelector> localAllowed(PeerPolicy peer) {
        if (!peer.localTs().isEmpty()) {
            return peer.localTs();
        }
        return List.of(TrafficSelector.any(false), TrafficSelector.any(true));
    }

    /**
     * Responder side. {@code ni}/{@code nr} are the nonces of the exchange (the IKE_SA_INIT ones
     * for the Child SA of IKE_AUTH). {@code ke} is the initiator's KE payload for PFS, or null.
     */
    public static Answer respond(IkeEngine engine, long ikeSpi, PrfAlgorithm prf, byte[] skD, byte[] ni, byte[] nr,
            SaPayload sa, TsPayload tsi, TsPayload tsr, KePayload ke, PeerPolicy peer, List<InetAddress> vips,
            InetSocketAddress local, InetSocketAddress remote, boolean tcp, List<CryptoProposal> espProposals)
            throws NoProposalChosenException, TsUnacceptableException, InvalidKePayloadException,
            InvalidSyntaxException {
        return respond(engine, ikeSpi, prf, skD, ni, nr, sa, tsi, tsr, ke, localAllowed(peer),
                remoteAllowed(peer, vips, remote), local, remote, tcp, espProposals);
    }

    /**
     * Responder side with explicit scopes: for a rekey the old Child SA's selectors, which the
     * new one must keep (RFC 7296 §2.9.2).
     */
    public static Answer respond(IkeEngine engine, long ikeSpi, PrfAlgorithm prf, byte[] skD, byte[] ni, byte[] nr,
            SaPayload sa, TsPayload tsi, TsPayload tsr, KePayload ke, List<TrafficSelector> allowedLocal,
            List<TrafficSelector> allowedRemote, InetSocketAddress local, InetSocketAddress remote, boolean tcp,
            List<CryptoProposal> espProposals) throws NoProposalChosenException, TsUnacceptableException,
            InvalidKePayloadException, InvalidSyntaxException {
        if (sa == null || tsi == null || tsr == null) {
            throw new InvalidSyntaxException("Child SA without SA/TSi/TSr");
        }
        ProposalSelector.EspChoice choice = ProposalSelector.selectEsp(sa.proposals(), espProposals,
                ke == null ? -1 : ke.group());
        if (choice == null) {
            throw new NoProposalChosenException("no acceptable ESP proposal");
        }
        EspSuite suite = choice.suite();
        byte[] gir = null;
        KePayload ker = null;
        if (suite.pfs() != null) {
            // RFC 7296 §1.3.1: the KE group must be the chosen one
            if (ke == null || ke.group() != suite.pfs().id()) {
                throw new InvalidKePayloadException(suite.pfs().id());
            }
            KeyExchange kx = suite.pfs().generate(engine.random());
            try {
                gir = kx.sharedSecret(ke.data());
            } catch (KeyExchange.InvalidPublicValueException e) {
                throw new InvalidSyntaxException("bad KE: " + e.getMessage());
            }
            ker = new KePayload(suite.pfs().id(), kx.publicValue());
        }
        List<TrafficSelector> ri = TsNarrowing.narrow(tsi.selectors(), allowedRemote);
        List<TrafficSelector> rr = TsNarrowing.narrow(tsr.selectors(), allowedLocal);
        if (ri.isEmpty() || rr.isEmpty()) {
            throw new TsUnacceptableException("no acceptable traffic selectors");
        }
        int inSpi = engine.dataPlane().allocateSpi();
        int outSpi = (int) choice.received().spiAsLong();
        KeySchedule.ChildKeys k = KeySchedule.childKeys(prf, skD, gir, ni, nr, suite);
        // the initiator of this exchange is the peer: i->r keys are our inbound ones
        Negotiated n = negotiated(engine, ikeSpi, inSpi, outSpi, suite, k.encI(), k.integI(), k.encR(), k.integR(),
                rr, ri, local, remote, tcp);
        return new Answer(choice.answer(inSpi), new TsPayload(true, ri), new TsPayload(false, rr), ker, n);
    }

    /** Initiator side: our SA payload for the request. */
    public static SaPayload propose(List<CryptoProposal> espProposals, int inboundSpi, DhGroup pfs) {
        byte[] spi = {(byte) (inboundSpi >>> 24), (byte) (inboundSpi >>> 16), (byte) (inboundSpi >>> 8),
            (byte) inboundSpi};
        List<Proposal> ps = new ArrayList<>();
        int n = 1;
        for (CryptoProposal c : espProposals) {
            CryptoProposal cp = pfs == null ? c : c.preferring(pfs);
            ps.add(cp.toWire(n++, Proposal.PROTO_ESP, spi));
        }
        return new SaPayload(ps);
    }

    /** Initiator side: checks the responder's answer and derives the Child SA. */
    public static Negotiated complete(IkeEngine engine, long ikeSpi, PrfAlgorithm prf, byte[] skD, byte[] ni,
            byte[] nr, int inboundSpi, SaPayload answer, TsPayload tsi, TsPayload tsr, KePayload ker, KeyExchange ours,
            List<TrafficSelector> proposedTsi, List<TrafficSelector> proposedTsr, InetSocketAddress local,
            InetSocketAddress remote, boolean tcp, List<CryptoProposal> espProposals) throws NoProposalChosenException,
            TsUnacceptableException, InvalidSyntaxException {
        if (answer == null || tsi == null || tsr == null) {
            throw new InvalidSyntaxException("Child SA answer without SA/TSi/TSr");
        }
        EspSuite suite = ProposalSelector.acceptEspAnswer(answer.proposals(), espProposals,
                ours == null ? -1 : ours.group().id());
        if (suite == null) {
            throw new NoProposalChosenException("responder chose something we did not propose");
        }
        byte[] gir = null;
        if (suite.pfs() != null) {
            if (ours == null || ker == null || ker.group() != suite.pfs().id()) {
                throw new NoProposalChosenException("PFS group mismatch");
            }
            try {
                gir = ours.sharedSecret(ker.data());
            } catch (KeyExchange.InvalidPublicValueException e) {
                throw new InvalidSyntaxException("bad KE: " + e.getMessage());
            }
        }
        // RFC 7296 §2.9: the responder may only narrow what we proposed
        if (!within(tsi.selectors(), proposedTsi) || !within(tsr.selectors(), proposedTsr)) {
            throw new TsUnacceptableException("responder widened the traffic selectors");
        }
        int outSpi = (int) answer.proposals().get(0).spiAsLong();
        KeySchedule.ChildKeys k = KeySchedule.childKeys(prf, skD, gir, ni, nr, suite);
        return negotiated(engine, ikeSpi, inboundSpi, outSpi, suite, k.encR(), k.integR(), k.encI(), k.integI(),
                tsi.selectors(), tsr.selectors(), local, remote, tcp);
    }

    private static boolean within(List<TrafficSelector> got, List<TrafficSelector> proposed) {
        for (TrafficSelector g : got) {
            boolean ok = false;
            for (TrafficSelector p : proposed) {
                if (TsNarrowing.contains(p, g)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return false;
            }
        }
        return !got.isEmpty();
    }

    private static Negotiated negotiated(IkeEngine engine, long ikeSpi, int inSpi, int outSpi, EspSuite suite,
            byte[] inEnc, byte[] inInteg, byte[] outEnc, byte[] outInteg, List<TrafficSelector> localTs,
            List<TrafficSelector> remoteTs, InetSocketAddress local, InetSocketAddress remote, boolean tcp) {
        long now = engine.now();
        ChildSaState state = new ChildSaState(inSpi, outSpi, suite, localTs, remoteTs, engine.config().member(), now,
                engine.rekeyDeadline(engine.config().timers().childRekeyMillis()), 0);
        ChildSaInstaller.Installation inst = new ChildSaInstaller.Installation(ikeSpi, inSpi, outSpi, suite, inEnc,
                inInteg, outEnc, outInteg, localTs, remoteTs, local, remote, tcp, 0);
        return new Negotiated(state, inst);
    }

    /** Installs a negotiated Child SA into the data plane and registers it with its IKE SA. */
    public static void install(IkeEngine engine, IkeSa sa, Negotiated n) {
        engine.dataPlane().install(n.installation());
        engine.childOwned(n.state().inboundSpi(), sa.localSpi());
    }
}
