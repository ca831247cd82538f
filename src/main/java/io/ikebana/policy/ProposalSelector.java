package io.ikebana.policy;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.ike.EspSuite;
import io.ikebana.ike.IkeSuite;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.Transform;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses one proposal and one transform of each type (RFC 7296 §2.7, §3.3.6), preferring our
 * configured order. Transforms we cannot parse (unknown IDs or attributes) are never chosen.
 */
public final class ProposalSelector {

    public record IkeChoice(Proposal received, IkeSuite suite) {
        /** The single-proposal answer: same number, our SPI (§3.3.1). */
        public Proposal answer(byte[] spi) {
            List<Transform> ts = new ArrayList<>();
            ts.add(new Transform(Transform.ENCR, suite.encr().id(), suite.encrKeyBits()));
            ts.add(new Transform(Transform.PRF, suite.prf().id()));
            if (!suite.encr().aead()) {
                ts.add(new Transform(Transform.INTEG, suite.integ().id()));
            }
            ts.add(new Transform(Transform.KE, suite.dh().id()));
            return new Proposal(received.number(), Proposal.PROTO_IKE, spi, ts);
        }
    }

    public record EspChoice(Proposal received, EspSuite suite) {
        public Proposal answer(int spi) {
            List<Transform> ts = new ArrayList<>();
            ts.add(new Transform(Transform.ENCR, suite.encr().id(), suite.encrKeyBits()));
            if (!suite.encr().aead()) {
                ts.add(new Transform(Transform.INTEG, suite.integ().id()));
            }
            if (suite.pfs() != null) {
                ts.add(new Transform(Transform.KE, suite.pfs().id()));
            }
            ts.add(new Transform(Transform.ESN, suite.esn() ? 1 : 0));
            byte[] s = {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi};
            return new Proposal(received.number(), Proposal.PROTO_ESP, s, ts);
        }
    }

    private ProposalSelector() {
    }

    /**
     * Selects an IKE suite. With {@code keGroup} >= 0, suites using that group are preferred so
     * that the KE payload already sent can be used (§1.2); returns null when nothing matches.
     */
    public static IkeChoice selectIke(List<Proposal> received, List<CryptoProposal> ours, int keGroup) {
        if (keGroup >= 0) {
            DhGroup g = DhGroup.byId(keGroup);
            if (g != null) {
                List<CryptoProposal> pref = new ArrayList<>();
                for (CryptoProposal c : ours) {
                    if (c.dh().contains(g)) {
                        pref.add(c.preferring(g));
                    }
                }
                IkeChoice withKe = selectIke(received, pref, -1);
                if (withKe != null && withKe.suite().dh() == g) {
                    return withKe;
                }
            }
        }
        for (CryptoProposal c : ours) {
            for (Proposal p : received) {
                if (p.protocolId() != Proposal.PROTO_IKE) {
                    continue;
                }
                IkeSuite s = matchIke(p, c);
                if (s != null) {
                    return new IkeChoice(p, s);
                }
            }
        }
        return null;
    }

    static IkeSuite matchIke(Proposal p, CryptoProposal c) {
        CryptoProposal.Encr e = pickEncr(p, c);
        if (e == null) {
            return null;
        }
        PrfAlgorithm prf = null;
        for (PrfAlgorithm x : c.prf()) {
            if (offers(p, Transform.PRF, x.id())) {
                prf = x;
                break;
            }
        }
        if (prf == null) {
            return null;
        }
        IntegAlgorithm integ = IntegAlgorithm.NONE;
        if (!e.alg().aead()) {
            integ = pickInteg(p, c);
            if (integ == null) {
                return null;
            }
        } else if (!integrityNoneOrAbsent(p)) {
            return null;
        }
        DhGroup dh = null;
        for (DhGroup g : c.dh()) {
            if (offers(p, Transform.KE, g.id())) {
                dh = g;
                break;
            }
        }
        if (dh == null || hasUnknownTypes(p)) {
            return null;
        }
        return new IkeSuite(e.alg(), e.keyBits(), prf, integ, dh);
    }

    /**
     * Selects an ESP suite. {@code pfsGroup} is the group of the KE payload sent along (or -1);
     * without configured PFS a proposal is acceptable only if it allows no key exchange.
     */
    public static EspChoice selectEsp(List<Proposal> received, List<CryptoProposal> ours, int pfsGroup) {
        for (CryptoProposal c : ours) {
            for (Proposal p : received) {
                if (p.protocolId() != Proposal.PROTO_ESP || p.spi().length != 4) {
                    continue;
                }
                EspSuite s = matchEsp(p, c, pfsGroup);
                if (s != null) {
                    return new EspChoice(p, s);
                }
            }
        }
        return null;
    }

    static EspSuite matchEsp(Proposal p, CryptoProposal c, int pfsGroup) {
        CryptoProposal.Encr e = pickEncr(p, c);
        if (e == null) {
            return null;
        }
        IntegAlgorithm integ = IntegAlgorithm.NONE;
        if (!e.alg().aead()) {
            integ = pickInteg(p, c);
            if (integ == null) {
                return null;
            }
        } else if (!integrityNoneOrAbsent(p)) {
            return null;
        }
        Boolean esn = null;
        List<Transform> esnTs = p.ofType(Transform.ESN);
        for (Boolean b : c.esn()) {
            if (esnTs.isEmpty() ? !b : offers(p, Transform.ESN, b ? 1 : 0)) {
                esn = b;
                break;
            }
        }
        if (esn == null) {
            return null;
        }
        DhGroup pfs = null;
        List<Transform> kes = p.ofType(Transform.KE);
        if (c.dh().isEmpty()) {
            // no PFS configured: acceptable if the peer proposed none or NONE (id 0)
            if (!kes.isEmpty() && !offers(p, Transform.KE, 0)) {
                return null;
            }
        } else {
            List<DhGroup> order = new ArrayList<>(c.dh());
            DhGroup sent = DhGroup.byId(pfsGroup);
            if (sent != null && order.remove(sent)) {
                order.add(0, sent);
            }
            for (DhGroup g : order) {
                if (offers(p, Transform.KE, g.id())) {
                    pfs = g;
                    break;
                }
            }
            if (pfs == null) {
                return null;
            }
        }
        if (hasUnknownTypes(p)) {
            return null;
        }
        return new EspSuite(e.alg(), e.keyBits(), integ, esn, pfs);
    }

    private static CryptoProposal.Encr pickEncr(Proposal p, CryptoProposal c) {
        for (CryptoProposal.Encr e : c.encr()) {
            for (Transform t : p.ofType(Transform.ENCR)) {
                // AES needs its Key Length attribute (RFC 7296 §3.3.5)
                if (!t.unknownAttribute() && t.id() == e.alg().id() && t.keyLength() == e.keyBits()
                        && EncrAlgorithm.validKeyBits(t.keyLength())) {
                    return e;
                }
            }
        }
        return null;
    }

    private static IntegAlgorithm pickInteg(Proposal p, CryptoProposal c) {
        for (IntegAlgorithm i : c.integ()) {
            if (offers(p, Transform.INTEG, i.id())) {
                return i;
            }
        }
        return null;
    }

    private static boolean integrityNoneOrAbsent(Proposal p) {
        List<Transform> integ = p.ofType(Transform.INTEG);
        return integ.isEmpty() || offers(p, Transform.INTEG, 0);
    }

    private static boolean offers(Proposal p, int type, int id) {
        for (Transform t : p.transforms()) {
            if (t.type() == type && t.id() == id && !t.unknownAttribute()) {
                return true;
            }
        }
        return false;
    }

    /** A proposal with a transform type we do not know cannot be accepted (RFC 7296 §3.3.6). */
    private static boolean hasUnknownTypes(Proposal p) {
        for (Transform t : p.transforms()) {
            if (t.type() < Transform.ENCR || t.type() > Transform.ESN) {
                return true;
            }
        }
        return false;
    }

    /** Validates a single-proposal answer against what we offered; returns the suite or null. */
    public static IkeSuite acceptIkeAnswer(List<Proposal> answer, List<CryptoProposal> offered) {
        if (answer.size() != 1 || answer.get(0).protocolId() != Proposal.PROTO_IKE) {
            return null;
        }
        Proposal p = answer.get(0);
        // RFC 7296 §3.3.6: the answer holds exactly one transform of each type
        if (!oneOfEach(p)) {
            return null;
        }
        for (CryptoProposal c : offered) {
            IkeSuite s = matchIke(p, c);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    public static EspSuite acceptEspAnswer(List<Proposal> answer, List<CryptoProposal> offered, int pfsGroup) {
        if (answer.size() != 1 || answer.get(0).protocolId() != Proposal.PROTO_ESP
                || answer.get(0).spi().length != 4 || !oneOfEach(answer.get(0))) {
            return null;
        }
        for (CryptoProposal c : offered) {
            EspSuite s = matchEsp(answer.get(0), c, pfsGroup);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static boolean oneOfEach(Proposal p) {
        int[] counts = new int[16];
        for (Transform t : p.transforms()) {
            if (t.type() >= 0 && t.type() < counts.length && ++counts[t.type()] > 1) {
                return false;
            }
        }
        return true;
    }
}
