package io.ikebana.ike;

import io.ikebana.crypto.KeyExchange;
import io.ikebana.ike.auth.CertificateValidator;
import io.ikebana.ike.auth.SignatureAuth;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.policy.ProposalSelector;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.codec.FragmentAssembler;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.payload.CertPayload;
import io.ikebana.wire.payload.CertReqPayload;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.UnknownPayload;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Responder side of IKE_SA_INIT (RFC 7296 §1.2): retransmission detection, the DoS guard,
 * placement, proposal and KE checks, key derivation, NAT detection and the extensions announced
 * here. Every error answer is unprotected with SPIr = 0 and creates no state (§2.6).
 */
final class InitResponder {
    private final IkeEngine engine;
    private final byte[] certReq;

    InitResponder(IkeEngine engine) {
        this.engine = engine;
        this.certReq = certReqData(engine.config());
    }

    private static byte[] certReqData(EngineConfig config) {
        Set<X509Certificate> cas = new LinkedHashSet<>();
        for (PeerPolicy p : config.peers()) {
            if (p.remoteAuth() == AuthMethod.PUBKEY) {
                cas.addAll(p.trustedCas());
            }
        }
        if (cas.isEmpty() || !config.features().sendCertReq()) {
            return null;
        }
        try {
            return CertificateValidator.certReqData(cas);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    void handle(Packet p, IkeHeader h) {
        if (h.messageId() != 0) {
            engine.metrics().drop(DropReason.UNEXPECTED_MESSAGE_ID);
            return;
        }
        byte[] digest = retryDigest(p.data());
        HalfOpenSa known = engine.halfOpenByDigest(digest);
        if (known != null) {
            // RFC 7296 §2.1: a retransmitted IKE_SA_INIT gets the same response
            answerRetry(p, known);
            return;
        }
        if (engine.completedInit(digest)) {
            // RFC 7296 §2.1: a request whose IKE_AUTH already arrived is ignored
            engine.metrics().drop(DropReason.COMPLETED_INIT_REPLAY);
            return;
        }
        if (engine.initQueued(digest)) {
            // a retransmission while the original waits for its D-H: the answer is on its way (and a
            // second placement decision would send the client elsewhere while this member keeps it)
            engine.metrics().drop(DropReason.DUPLICATE_IN_PROGRESS);
            return;
        }
        DecodeResult r = MessageDecoder.plain(p.data());
        if (!(r instanceof DecodeResult.Ok ok)) {
            engine.metrics().drop(((DecodeResult.UnprotectedError) r).reason());
            return;
        }
        IkeMessage m = ok.message();
        for (Payload pl : m.payloads()) {
            // RFC 7296 §2.5: unknown critical payload -> UNSUPPORTED_CRITICAL_PAYLOAD
            if (pl instanceof UnknownPayload u && u.critical()) {
                error(p, h, NotifyPayload.of(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, new byte[] {(byte) u.code()}));
                return;
            }
        }
        SaPayload sa = m.first(SaPayload.class);
        KePayload ke = m.first(KePayload.class);
        NoncePayload ni = m.first(NoncePayload.class);
        if (sa == null || ke == null || ni == null) {
            // RFC 7296 §1.2: SA, KE and Ni are mandatory; unauthenticated, so no answer
            engine.metrics().drop(DropReason.MALFORMED);
            return;
        }
        InitGuard.Decision d = engine.initGuard().admit(p, m);
        if (d instanceof InitGuard.Decision.Drop) {
            engine.metrics().drop(DropReason.DOS_FILTER);
            return;
        }
        if (d instanceof InitGuard.Decision.Challenge c) {
            List<Payload> out = new ArrayList<>();
            out.add(NotifyPayload.of(NotifyType.COOKIE, c.cookie()));
            if (c.puzzle() != null) {
                out.add(NotifyPayload.of(NotifyType.PUZZLE, c.puzzle()));
            }
            engine.reply(p, IkeHeader.of(h.spiI(), 0, ExchangeType.IKE_SA_INIT, true, false, 0), out);
            return;
        }
        boolean redirectSupported = m.hasNotify(NotifyType.REDIRECT_SUPPORTED) || m.hasNotify(NotifyType.REDIRECTED_FROM);
        if (redirectSupported) {
            // RFC 5685 §3: only to clients that announced support
            InetSocketAddress target = engine.cluster().redirectTarget(p, m);
            if (target != null) {
                error(p, h, NotifyPayload.of(NotifyType.REDIRECT, Redirects.data(target.getAddress(), ni.data())));
                engine.metrics().saEvent(IkeMetrics.SaEvent.REDIRECTED);
                return;
            }
        }
        // the expensive part (D-H, keys) is queued by priority: solved puzzles first (RFC 8019 §7.1.4)
        InitGuard.Decision.Accept accept = (InitGuard.Decision.Accept) d;
        int priority = InitGuard.INIT_BASE_PRIORITY + accept.rank();
        if (!engine.queueInit(digest)) {
            engine.metrics().drop(DropReason.DUPLICATE_IN_PROGRESS);
            return;
        }
        if (!engine.lanes().submit(h.spiI(), priority, () -> {
            try {
                complete(p, h, m, digest, accept, redirectSupported);
            } finally {
                engine.initDone(digest);
            }
        })) {
            engine.initDone(digest);
            engine.metrics().drop(DropReason.DOS_FILTER);
        }
    }

    /** Second stage: proposal, D-H, keys and the response; creates the half-open SA. */
    private void complete(Packet p, IkeHeader h, IkeMessage m, byte[] digest, InitGuard.Decision.Accept accept,
            boolean redirectSupported) {
        HalfOpenSa known = engine.halfOpenByDigest(digest);
        if (known != null) {
            // a retransmission queued behind the original
            answerRetry(p, known);
            return;
        }
        if (!engine.initGuard().halfOpenRoom()) {
            // accepted while there was room, but others were created meanwhile (RFC 8019 §4.1)
            engine.metrics().drop(DropReason.DOS_FILTER);
            return;
        }
        SaPayload sa = m.first(SaPayload.class);
        KePayload ke = m.first(KePayload.class);
        NoncePayload ni = m.first(NoncePayload.class);
        List<io.ikebana.wire.payload.Proposal> offered = new ArrayList<>();
        for (io.ikebana.wire.payload.Proposal pr : sa.proposals()) {
            // RFC 7296 §3.3.1: in IKE_SA_INIT the SPI Size is 0
            if (pr.spi().length == 0) {
                offered.add(pr);
            }
        }
        ProposalSelector.IkeChoice choice = ProposalSelector.selectIke(offered, engine.config().ikeProposals(),
                ke.group());
        if (choice == null) {
            engine.metrics().exchange(ExchangeType.IKE_SA_INIT, IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.ERROR);
            error(p, h, NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
            return;
        }
        IkeSuite suite = choice.suite();
        if (suite.dh().id() != ke.group()) {
            // RFC 7296 §1.3: tell the initiator which group we want
            int g = suite.dh().id();
            error(p, h, NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, new byte[] {(byte) (g >>> 8), (byte) g}));
            return;
        }
        KeyExchange kx = suite.dh().generate(engine.random());
        byte[] gir;
        try {
            gir = kx.sharedSecret(ke.data());
        } catch (KeyExchange.InvalidPublicValueException e) {
            engine.metrics().drop(DropReason.MALFORMED);
            return;
        }
        long spiR = engine.newIkeSpi();
        byte[] nr = new byte[32];
        engine.random().nextBytes(nr);
        byte[] skeyseed = KeySchedule.skeyseed(suite.prf(), ni.data(), nr, gir);
        KeySchedule.IkeKeys keys = KeySchedule.ikeKeys(suite, skeyseed, ni.data(), nr, h.spiI(), spiR);
        java.util.Arrays.fill(skeyseed, (byte) 0);
        java.util.Arrays.fill(gir, (byte) 0);

        Set<IkeExtension> ext = EnumSet.noneOf(IkeExtension.class);
        List<Payload> out = new ArrayList<>();
        out.add(new SaPayload(List.of(choice.answer(new byte[0]))));
        out.add(new KePayload(suite.dh().id(), kx.publicValue()));
        out.add(new NoncePayload(nr));
        boolean natd = m.hasNotify(NotifyType.NAT_DETECTION_SOURCE_IP) && m.hasNotify(NotifyType.NAT_DETECTION_DESTINATION_IP);
        if (natd) {
            boolean peerBehindNat = !matchesAny(m, NotifyType.NAT_DETECTION_SOURCE_IP, NatDetection.hash(h.spiI(), 0, p.remote()));
            boolean usBehindNat = !matchesAny(m, NotifyType.NAT_DETECTION_DESTINATION_IP, NatDetection.hash(h.spiI(), 0, p.local()));
            boolean force = engine.config().features().forceEncapsulation();
            byte[] src = NatDetection.hash(h.spiI(), spiR, p.local());
            if (force) {
                // like strongSwan's encap=yes: a NAT_D source hash that cannot match makes the
                // peer believe we are behind a NAT, so it UDP-encapsulates ESP (RFC 3948)
                engine.random().nextBytes(src);
            }
            out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, src));
            out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, NatDetection.hash(h.spiI(), spiR, p.remote())));
            if (peerBehindNat || usBehindNat || force || p.tcp()) {
                ext.add(IkeExtension.NAT_T);
            }
        }
        if (certReq != null) {
            out.add(new CertReqPayload(CertPayload.X509_SIGNATURE, certReq));
        }
        if (m.hasNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED) && engine.config().features().fragmentation()) {
            out.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
            ext.add(IkeExtension.FRAGMENTATION);
        }
        Set<Integer> hashes = null;
        NotifyPayload sigHash = m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS);
        if (sigHash != null) {
            hashes = new HashSet<>();
            byte[] dd = sigHash.data();
            for (int i = 0; i + 1 < dd.length; i += 2) {
                hashes.add(((dd[i] & 0xff) << 8) | (dd[i + 1] & 0xff));
            }
            ext.add(IkeExtension.SIGNATURE_HASH);
            out.add(NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, SignatureAuth.hashAlgorithmsNotifyData()));
        }
        if (redirectSupported) {
            ext.add(IkeExtension.REDIRECT);
        }
        if (accept.authPuzzle() != null) {
            // RFC 8019 §7.2.1: ask for an IKE_AUTH puzzle in the regular response
            out.add(NotifyPayload.of(NotifyType.PUZZLE, accept.authPuzzle()));
        }
        IkeHeader rh = IkeHeader.of(h.spiI(), spiR, ExchangeType.IKE_SA_INIT, true, false, 0);
        byte[] response = MessageEncoder.plain(rh, out);
        EngineConfig.Limits lim = engine.config().limits();
        HalfOpenSa ho = new HalfOpenSa(h.spiI(), spiR, suite, keys, ni.data(), nr, p.data(), response, digest,
                p.local(), p.remote(), p.marker(), p.tcp(), ext, hashes, engine.now(), System.nanoTime(),
                new FragmentAssembler(lim.maxFragments(), lim.maxFragmentBytes()), new HalfOpenSa.Progress(),
                accept.authPuzzle());
        if (!engine.addHalfOpen(ho)) {
            engine.metrics().drop(DropReason.DOS_FILTER);
            return;
        }
        engine.initGuard().halfOpenCreated(p, m);
        engine.metrics().exchange(ExchangeType.IKE_SA_INIT, IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.OK);
        engine.send(p.reply(response));
    }

    /**
     * A request that matches a half-open SA: a retransmission, or the same request sent again with
     * another cookie or puzzle solution (a client that retransmitted while we were answering gets
     * two challenges and retries with each). It gets the same response; its octets are kept, since
     * the initiator signs the IKE_SA_INIT request it sent last (RFC 7296 §2.15).
     */
    private void answerRetry(Packet p, HalfOpenSa known) {
        if (!java.util.Arrays.equals(p.data(), known.initRequest())) {
            known.progress().initRetried(p.data());
        }
        engine.send(p.reply(known.initResponse()));
    }

    /** Whether the message's first payload is a COOKIE notify (a retried IKE_SA_INIT, RFC 7296 §2.6); no MAC check. */
    static boolean startsWithCookie(byte[] m) {
        int off = IkeHeader.SIZE;
        return m.length >= off + 8 && (m[16] & 0xFF) == PayloadTypes.NOTIFY
                && (((m[off + 6] & 0xFF) << 8) | (m[off + 7] & 0xFF)) == NotifyType.COOKIE.code();
    }

    /**
     * Digest of an IKE_SA_INIT request for retransmission detection. A request with a cookie is
     * digested without its leading COOKIE notify and the PS payload after it (RFC 7296 §2.6: a
     * retry with a cookie keeps all other payloads unchanged; RFC 8019 §7.1.2), so a retry with
     * another cookie is recognised too; any other request by all its octets, as before.
     */
    static byte[] retryDigest(byte[] m) {
        int off = IkeHeader.SIZE;
        int next = m[16] & 0xFF;
        if (startsWithCookie(m)) {
            int len = ((m[off + 2] & 0xFF) << 8) | (m[off + 3] & 0xFF);
            if (len < 8 || off + len > m.length) {
                return IkeEngine.digest(m);
            }
            next = m[off] & 0xFF;
            off += len;
            if (next == PayloadTypes.PS && m.length >= off + 4) {
                int psLen = ((m[off + 2] & 0xFF) << 8) | (m[off + 3] & 0xFF);
                if (psLen < 4 || off + psLen > m.length) {
                    return IkeEngine.digest(m);
                }
                next = m[off] & 0xFF;
                off += psLen;
            }
        } else {
            return IkeEngine.digest(m);
        }
        java.security.MessageDigest d = IkeEngine.sha256();
        d.reset();
        d.update(m, 0, 16);
        d.update((byte) next);
        d.update(m, 17, 7); // version, exchange type, flags, message ID (not the length)
        d.update(m, off, m.length - off);
        return d.digest();
    }

    /** Payload type numbers used by {@link #retryDigest}. */
    private static final class PayloadTypes {
        static final int NOTIFY = 41;
        static final int PS = 54;
    }

    private static boolean matchesAny(IkeMessage m, NotifyType type, byte[] expected) {
        for (NotifyPayload n : m.all(NotifyPayload.class)) {
            if (n.notifyType() == type.code() && MessageDigest.isEqual(n.data(), expected)) {
                return true;
            }
        }
        return false;
    }

    private void error(Packet p, IkeHeader h, NotifyPayload n) {
        engine.reply(p, IkeHeader.of(h.spiI(), 0, ExchangeType.IKE_SA_INIT, true, false, 0), List.of(n));
    }
}
