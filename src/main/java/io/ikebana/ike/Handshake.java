package io.ikebana.ike;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.KeyExchange;
import io.ikebana.crypto.SkCipher;
import io.ikebana.ike.auth.CertificateValidator;
import io.ikebana.ike.auth.SignatureAuth;
import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
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
import io.ikebana.wire.payload.AuthPayload;
import io.ikebana.wire.payload.CertPayload;
import io.ikebana.wire.payload.CertReqPayload;
import io.ikebana.wire.payload.CpAttribute;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.IdPayload;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TrafficSelector;
import io.ikebana.wire.payload.TsPayload;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Our side as initiator of IKE_SA_INIT and IKE_AUTH (the client role, RFC 7296 §1.2): cookies and
 * INVALID_KE_PAYLOAD retries (§2.6, §1.3), redirects (RFC 5685 §3), NAT detection with the move
 * to port 4500 (§2.23), then authentication and the first Child SA. Lives on its SPI's lane until
 * the SA is established and handed to the store.
 */
final class Handshake {
    private static final Logger LOG = Logger.getLogger(Handshake.class.getName());
    private static final int MAX_COOKIES = 5;
    private static final int MAX_REDIRECTS = 5;

    private enum State { INIT, AUTH, DONE }

    private final IkeEngine engine;
    private final long spiI;
    private final InitiatorSettings settings;
    private final byte[] ni;
    private State state = State.INIT;
    private InetSocketAddress gateway;
    private InetSocketAddress originalGateway;
    private int redirects;
    private DhGroup group;
    private KeyExchange ke;
    private byte[] cookie;
    private byte[] puzzleSolution;
    private byte[] authPuzzleSolution;
    private int cookies;
    private byte[] initRequest;
    private byte[] initResponse;
    private long spiR;
    private IkeSuite suite;
    private KeySchedule.IkeKeys keys;
    private boolean natT;
    private boolean fragmentation;
    private Set<Integer> peerHashes;
    private List<byte[]> pending = List.of();
    private boolean marker;
    private int tries;
    private Scheduler.Cancellable timer;
    private final FragmentAssembler fragments;
    private int childSpi;
    private List<TrafficSelector> tsi;
    private List<TrafficSelector> tsr;
    private final long startNanos = System.nanoTime();

    Handshake(IkeEngine engine, long spiI, InitiatorSettings settings) {
        this.engine = engine;
        this.spiI = spiI;
        this.settings = settings;
        this.gateway = settings.gateway();
        this.ni = new byte[32];
        engine.random().nextBytes(ni);
        EngineConfig.Limits l = engine.config().limits();
        this.fragments = new FragmentAssembler(l.maxFragments(), l.maxFragmentBytes());
        List<CryptoProposal> ike = engine.config().ikeProposals();
        this.group = ike.get(0).dh().get(0);
    }

    long localSpi() {
        return spiI;
    }

    void start() {
        sendInit();
    }

    // ------------------------------------------------------------- IKE_SA_INIT

    private void sendInit() {
        if (ke == null || ke.group() != group) {
            ke = group.generate(engine.random());
        }
        List<Payload> out = new ArrayList<>();
        if (cookie != null) {
            // RFC 7296 §2.6: the cookie notify comes first; RFC 8019 §7.1.2: PS right after it
            out.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
            if (puzzleSolution != null) {
                out.add(new io.ikebana.wire.payload.PsPayload(puzzleSolution));
            }
        }
        List<Proposal> ps = new ArrayList<>();
        int n = 1;
        for (CryptoProposal c : engine.config().ikeProposals()) {
            ps.add(c.preferring(group).toWire(n++, Proposal.PROTO_IKE, null));
        }
        out.add(new SaPayload(ps));
        out.add(new KePayload(group.id(), ke.publicValue()));
        out.add(new NoncePayload(ni));
        byte[] natSrc = NatDetection.hash(spiI, 0, settings.local());
        if (engine.config().features().forceEncapsulation()) {
            // like strongSwan's encap=yes: a source hash that cannot match forces UDP encapsulation
            engine.random().nextBytes(natSrc);
        }
        out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, natSrc));
        out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, NatDetection.hash(spiI, 0, gateway)));
        if (engine.config().features().fragmentation()) {
            out.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
        }
        out.add(NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, SignatureAuth.hashAlgorithmsNotifyData()));
        if (originalGateway != null) {
            // RFC 5685 §3: tell the new gateway where we were redirected from
            out.add(NotifyPayload.of(NotifyType.REDIRECTED_FROM, Redirects.data(originalGateway.getAddress(), null)));
        } else {
            out.add(NotifyPayload.of(NotifyType.REDIRECT_SUPPORTED));
        }
        initRequest = MessageEncoder.plain(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, false, true, 0), out);
        state = State.INIT;
        marker = false;
        transmit(List.of(initRequest), true);
    }

    void onResponse(Packet p, IkeHeader h) {
        if (!p.remote().getAddress().equals(gateway.getAddress())) {
            // a late answer from a gateway we left (e.g. after a redirect, RFC 5685 §3): not ours now
            engine.metrics().drop(DropReason.UNEXPECTED_RESPONSE);
            return;
        }
        if (state == State.INIT && h.exchange() == ExchangeType.IKE_SA_INIT && h.messageId() == 0) {
            onInitResponse(p, h);
        } else if (state == State.AUTH && h.exchange() == ExchangeType.IKE_AUTH && h.messageId() == 1
                && h.spiR() == spiR) {
            onAuthResponse(p, h);
        } else {
            engine.metrics().drop(DropReason.UNEXPECTED_RESPONSE);
        }
    }

    private void onInitResponse(Packet p, IkeHeader h) {
        DecodeResult r = MessageDecoder.plain(p.data());
        if (!(r instanceof DecodeResult.Ok ok)) {
            engine.metrics().drop(DropReason.MALFORMED);
            return;
        }
        IkeMessage m = ok.message();
        NotifyPayload c = m.notify(NotifyType.COOKIE);
        if (c != null && h.spiR() == 0) {
            if (++cookies > MAX_COOKIES) {
                fail("too many COOKIE round trips");
                return;
            }
            cookie = c.data();
            puzzleSolution = null;
            NotifyPayload puzzle = m.notify(NotifyType.PUZZLE);
            PuzzleSolving solver = engine.puzzles();
            if (puzzle != null && solver != null) {
                // solving takes CPU time: off the lane, then back to it
                cancelTimer();
                byte[] ck = cookie;
                java.util.concurrent.CompletableFuture.supplyAsync(() -> solver.solveInit(puzzle.data(), ck))
                        .thenAccept(ps -> engine.lanes().submit(spiI, Lanes.Priority.HIGH, () -> {
                            if (state == State.INIT && cookie == ck) {
                                puzzleSolution = ps;
                                sendInit();
                            }
                        }));
                return;
            }
            sendInit();
            return;
        }
        NotifyPayload redirect = m.notify(NotifyType.REDIRECT);
        if (redirect != null && h.spiR() == 0) {
            handleRedirect(redirect);
            return;
        }
        NotifyPayload invalidKe = m.notify(NotifyType.INVALID_KE_PAYLOAD);
        if (invalidKe != null && invalidKe.data().length == 2) {
            DhGroup g = DhGroup.byId(((invalidKe.data()[0] & 0xff) << 8) | (invalidKe.data()[1] & 0xff));
            boolean offered = false;
            for (CryptoProposal cp : engine.config().ikeProposals()) {
                offered |= g != null && cp.dh().contains(g);
            }
            // RFC 7296 §1.3: retry with the group asked for, if we offered it, once
            if (!offered || g == group) {
                fail("INVALID_KE_PAYLOAD for a group we did not offer");
                return;
            }
            group = g;
            sendInit();
            return;
        }
        NotifyPayload err = m.firstError();
        if (err != null) {
            fail("IKE_SA_INIT refused: " + err.kind());
            return;
        }
        SaPayload sa = m.first(SaPayload.class);
        KePayload ker = m.first(KePayload.class);
        NoncePayload nr = m.first(NoncePayload.class);
        if (sa == null || ker == null || nr == null || h.spiR() == 0) {
            engine.metrics().drop(DropReason.MALFORMED);
            return;
        }
        IkeSuite s = ProposalSelector.acceptIkeAnswer(sa.proposals(), engine.config().ikeProposals());
        if (s == null || s.dh() != group || ker.group() != group.id()) {
            fail("unacceptable IKE_SA_INIT answer");
            return;
        }
        byte[] gir;
        try {
            gir = ke.sharedSecret(ker.data());
        } catch (KeyExchange.InvalidPublicValueException e) {
            fail("bad KE: " + e.getMessage());
            return;
        }
        cancelTimer();
        spiR = h.spiR();
        suite = s;
        byte[] skeyseed = KeySchedule.skeyseed(s.prf(), ni, nr.data(), gir);
        keys = KeySchedule.ikeKeys(s, skeyseed, ni, nr.data(), spiI, spiR);
        initResponse = p.data();
        boolean natd = m.hasNotify(NotifyType.NAT_DETECTION_SOURCE_IP);
        if (natd) {
            boolean gwNat = !matches(m, NotifyType.NAT_DETECTION_SOURCE_IP, NatDetection.hash(spiI, spiR, gateway));
            boolean weNat = !matches(m, NotifyType.NAT_DETECTION_DESTINATION_IP,
                    NatDetection.hash(spiI, spiR, settings.local()));
            natT = gwNat || weNat || engine.config().features().forceEncapsulation();
        }
        fragmentation = engine.config().features().fragmentation()
                && m.hasNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED);
        NotifyPayload sh = m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS);
        if (sh != null) {
            peerHashes = new HashSet<>();
            for (int i = 0; i + 1 < sh.data().length; i += 2) {
                peerHashes.add(((sh.data()[i] & 0xff) << 8) | (sh.data()[i + 1] & 0xff));
            }
        }
        if (natT && !settings.tcp() && gateway.getPort() == 500) {
            // RFC 7296 §2.23: continue on port 4500 with the non-ESP marker (a TCP stream stays)
            gateway = new InetSocketAddress(gateway.getAddress(), 4500);
        }
        NotifyPayload authPuzzle = m.notify(NotifyType.PUZZLE);
        PuzzleSolving solver = engine.puzzles();
        if (authPuzzle != null && solver != null) {
            // RFC 8019 §7.2.3: solve on Nr | SPIr, send PS before SK in IKE_AUTH
            state = State.AUTH;
            byte[] nrData = nr.data();
            long ourSpiR = spiR;
            java.util.concurrent.CompletableFuture.supplyAsync(() -> solver.solveAuth(authPuzzle.data(), nrData, ourSpiR))
                    .thenAccept(ps -> engine.lanes().submit(spiI, Lanes.Priority.HIGH, () -> {
                        authPuzzleSolution = ps;
                        sendAuth(nrData);
                    }));
            return;
        }
        sendAuth(nr.data());
    }

    private void handleRedirect(NotifyPayload n) {
        Redirects.Redirect r;
        try {
            r = Redirects.parse(n.data());
        } catch (RuntimeException e) {
            engine.metrics().drop(DropReason.MALFORMED);
            return;
        }
        // RFC 5685 §3: the nonce must be ours, else the redirect is a forgery: ignore it
        if (!Redirects.nonceMatches(r, ni)) {
            engine.metrics().drop(DropReason.REDIRECT_NONCE_MISMATCH);
            return;
        }
        if (++redirects > MAX_REDIRECTS) {
            fail("redirect loop");
            return;
        }
        cancelTimer();
        if (originalGateway == null) {
            originalGateway = gateway;
        }
        gateway = new InetSocketAddress(r.gateway(), settings.gateway().getPort());
        cookie = null;
        tries = 0;
        engine.metrics().saEvent(IkeMetrics.SaEvent.REDIRECTED);
        sendInit();
    }

    // ------------------------------------------------------------- IKE_AUTH

    private void sendAuth(byte[] nr) {
        PeerPolicy peer = settings.peer();
        Identity localId = engine.config().local().id();
        IdPayload idi = Authentication.idPayload(localId, true);
        List<Payload> out = new ArrayList<>();
        out.add(idi);
        List<Payload> authAndCerts;
        try {
            authAndCerts = Authentication.build(engine, peer, idi, initRequest, nr, suite.prf(), keys.skPi().bytes(),
                    peerHashes);
        } catch (GeneralSecurityException e) {
            fail("cannot build AUTH: " + e.getMessage());
            return;
        }
        AuthPayload auth = (AuthPayload) authAndCerts.get(authAndCerts.size() - 1);
        out.addAll(authAndCerts.subList(0, authAndCerts.size() - 1));
        if (settings.initialContact()) {
            out.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        }
        if (peer.remoteAuth() == AuthMethod.PUBKEY && !peer.trustedCas().isEmpty()) {
            try {
                out.add(new CertReqPayload(CertPayload.X509_SIGNATURE, CertificateValidator.certReqData(peer.trustedCas())));
            } catch (GeneralSecurityException e) {
                LOG.fine("no CERTREQ: " + e.getMessage());
            }
        }
        if (!peer.remoteId().isWildcard()) {
            out.add(Authentication.idPayload(peer.remoteId(), false));
        }
        out.add(auth);
        if (settings.requestVirtualIp()) {
            List<CpAttribute> attrs = new ArrayList<>();
            attrs.add(new CpAttribute(CpAttribute.INTERNAL_IP4_ADDRESS, new byte[0]));
            if (settings.ipv6()) {
                attrs.add(new CpAttribute(CpAttribute.INTERNAL_IP6_ADDRESS, new byte[0]));
            }
            out.add(new CpPayload(CpPayload.CFG_REQUEST, attrs));
        }
        if (settings.child()) {
            childSpi = engine.dataPlane().allocateSpi();
            tsi = settings.requestVirtualIp()
                    ? (settings.ipv6() ? List.of(TrafficSelector.any(false), TrafficSelector.any(true))
                            : List.of(TrafficSelector.any(false)))
                    : settings.localTs();
            tsr = settings.remoteTs();
            out.add(ChildSas.propose(engine.config().espProposals(), childSpi, null));
            out.add(new TsPayload(true, tsi));
            out.add(new TsPayload(false, tsr));
        }
        if (settings.mobike() && engine.config().features().mobike()) {
            out.add(NotifyPayload.of(NotifyType.MOBIKE_SUPPORTED));
        }
        if (engine.config().features().messageIdSync()) {
            out.add(NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED));
        }
        if (engine.config().features().cloning()) {
            out.add(NotifyPayload.of(NotifyType.CLONE_IKE_SA_SUPPORTED));
        }
        IkeHeader hdr = IkeHeader.of(spiI, spiR, ExchangeType.IKE_AUTH, false, true, 1);
        SkCipher c = outbound();
        List<Payload> clear = authPuzzleSolution == null ? List.of()
                : List.of(new io.ikebana.wire.payload.PsPayload(authPuzzleSolution));
        byte[] whole = MessageEncoder.protect(hdr, clear, out, c);
        // RFC 9329 §7.5: no fragments over TCP
        List<byte[]> packets = fragmentation && !settings.tcp() && whole.length > engine.config().features().fragmentSize()
                ? MessageEncoder.fragment(hdr, clear, out, c, engine.config().features().fragmentSize())
                : List.of(whole);
        state = State.AUTH;
        marker = natT;
        tries = 0;
        authNr = nr;
        transmit(packets, true);
    }

    private byte[] authNr;

    private SkCipher outbound() {
        return new SkCipher(suite.encr(), suite.integ(), keys.skEi().bytes(), keys.skAi().bytes(), engine.random());
    }

    private void onAuthResponse(Packet p, IkeHeader h) {
        SkCipher in = new SkCipher(suite.encr(), suite.integ(), keys.skEr().bytes(), keys.skAr().bytes(), engine.random());
        DecodeResult r = MessageDecoder.protectedMessage(p.data().clone(), in, fragments);
        if (r instanceof DecodeResult.Partial) {
            return;
        }
        if (!(r instanceof DecodeResult.Ok ok)) {
            engine.metrics().drop(r instanceof DecodeResult.UnprotectedError u ? u.reason() : DropReason.MALFORMED);
            return;
        }
        IkeMessage m = ok.message();
        if (m.hasNotify(NotifyType.AUTHENTICATION_FAILED)) {
            fail("gateway says AUTHENTICATION_FAILED");
            return;
        }
        IdPayload idr = null;
        for (IdPayload id : m.all(IdPayload.class)) {
            if (!id.initiator()) {
                idr = id;
            }
        }
        AuthPayload auth = m.first(AuthPayload.class);
        if (idr == null || auth == null) {
            NotifyPayload e = m.firstError();
            fail("IKE_AUTH answer without IDr/AUTH" + (e != null ? ": " + e.kind() : ""));
            return;
        }
        Identity remoteId = new Identity(idr.idType(), idr.data());
        PeerPolicy peer = settings.peer();
        if (!peer.remoteId().matches(remoteId)) {
            fail("gateway identity " + remoteId + " is not " + peer.remoteId());
            return;
        }
        IkeMetrics.AuthFailure f = Authentication.verify(engine, peer, remoteId, idr, auth, m.all(CertPayload.class),
                initResponse, ni, suite.prf(), keys.skPr().bytes());
        if (f != null) {
            engine.metrics().authFailure(f);
            fail("gateway AUTH failed: " + f);
            return;
        }
        cancelTimer();
        IkeSa sa = new IkeSa(spiI, spiR, true, suite, keys.skD(), keys.skAi(), keys.skAr(), keys.skEi(), keys.skEr());
        keys.skPi().destroy();
        keys.skPr().destroy();
        sa.identities(engine.config().local().id(), remoteId);
        sa.peerName(peer.name());
        sa.endpoints(p.local(), p.remote());
        if (natT) {
            sa.extensions().add(IkeExtension.NAT_T);
        }
        if (settings.tcp()) {
            sa.extensions().add(IkeExtension.TCP);
        }
        if (fragmentation) {
            sa.extensions().add(IkeExtension.FRAGMENTATION);
        }
        if (m.hasNotify(NotifyType.MOBIKE_SUPPORTED)) {
            sa.extensions().add(IkeExtension.MOBIKE);
            sa.extensions().add(IkeExtension.NAT_T);
        }
        if (m.hasNotify(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED)) {
            sa.extensions().add(IkeExtension.MESSAGE_ID_SYNC);
        }
        if (m.hasNotify(NotifyType.CLONE_IKE_SA_SUPPORTED) && engine.config().features().cloning()) {
            sa.extensions().add(IkeExtension.CLONE);
        }
        long now = engine.now();
        sa.createdMillis(now);
        sa.lastInboundMillis(now);
        sa.rekeyAtMillis(engine.rekeyDeadline(engine.config().timers().ikeRekeyMillis()));
        sa.window().restore(2, 0, null, List.of());
        CpPayload cp = m.first(CpPayload.class);
        if (cp != null && cp.cfgType() == CpPayload.CFG_REPLY) {
            for (CpAttribute a : cp.attributes()) {
                try {
                    if (a.type() == CpAttribute.INTERNAL_IP4_ADDRESS && a.value().length == 4) {
                        sa.virtualIps().add(InetAddress.getByAddress(a.value()));
                    } else if (a.type() == CpAttribute.INTERNAL_IP6_ADDRESS && a.value().length == 17) {
                        sa.virtualIps().add(InetAddress.getByAddress(java.util.Arrays.copyOf(a.value(), 16)));
                    }
                } catch (java.net.UnknownHostException e) {
                    // not an address: ignored
                }
            }
        }
        List<Runnable> after = new ArrayList<>();
        SaPayload sa2 = m.first(SaPayload.class);
        if (settings.child() && sa2 != null) {
            TsPayload rtsi = null;
            TsPayload rtsr = null;
            for (TsPayload t : m.all(TsPayload.class)) {
                if (t.initiator()) {
                    rtsi = t;
                } else {
                    rtsr = t;
                }
            }
            try {
                ChildSas.Negotiated n = ChildSas.complete(engine, spiI, suite.prf(), keys.skD().bytes(), ni, authNr,
                        childSpi, sa2, rtsi, rtsr, null, null, tsi, tsr, p.local(), p.remote(), p.tcp(),
                        engine.config().espProposals());
                sa.children().add(n.state());
                after.add(() -> {
                    ChildSas.install(engine, sa, n);
                    engine.fireChildInstalled(sa, n.state());
                });
            } catch (IkeProtocolException e) {
                LOG.warning("Child SA of IKE_AUTH unusable: " + e.getMessage());
            }
        } else if (settings.child()) {
            NotifyPayload e = m.firstError();
            LOG.info("IKE SA without Child SA" + (e != null ? ": " + e.kind() : ""));
        }
        state = State.DONE;
        engine.removeHandshake(this);
        if (!engine.establish(sa, after)) {
            fail("SPI collision in store");
            return;
        }
        engine.metrics().exchange(ExchangeType.IKE_AUTH, IkeMetrics.Role.INITIATOR, IkeMetrics.Outcome.OK);
        engine.metrics().handshakeNanos(System.nanoTime() - startNanos);
    }

    // ------------------------------------------------------------- transmission

    private void transmit(List<byte[]> packets, boolean fresh) {
        if (fresh) {
            pending = packets;
            tries = 0;
        }
        for (byte[] b : pending) {
            engine.send(new Packet(settings.local(), gateway, b, marker || settings.tcp(), settings.tcp()));
        }
        cancelTimer();
        EngineConfig.Timers t = engine.config().timers();
        long delay = (long) (t.retransmitTimeoutMillis() * Math.pow(t.retransmitBase(), tries));
        timer = engine.scheduler().schedule(delay,
                () -> engine.lanes().submit(spiI, Lanes.Priority.HIGH, this::retransmit));
    }

    private void retransmit() {
        if (state == State.DONE) {
            return;
        }
        if (state == State.INIT && !settings.tcp() && settings.udpTries() > 0 && tries >= settings.udpTries()) {
            // RFC 9329 §5.1: UDP looks blocked; the caller starts over in TCP with a new SPIi
            fail(InitiatorSettings.NO_UDP_ANSWER);
            return;
        }
        if (tries >= engine.config().timers().retransmitTries()) {
            engine.metrics().exchange(state == State.INIT ? ExchangeType.IKE_SA_INIT : ExchangeType.IKE_AUTH,
                    IkeMetrics.Role.INITIATOR, IkeMetrics.Outcome.TIMEOUT);
            fail("no answer from " + gateway);
            return;
        }
        tries++;
        transmit(pending, false);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void fail(String why) {
        cancelTimer();
        state = State.DONE;
        engine.removeHandshake(this);
        if (childSpi != 0) {
            engine.dataPlane().remove(childSpi);
        }
        if (keys != null) {
            keys.skD().destroy();
            keys.skEi().destroy();
            keys.skEr().destroy();
            keys.skAi().destroy();
            keys.skAr().destroy();
            keys.skPi().destroy();
            keys.skPr().destroy();
        }
        engine.metrics().exchange(ExchangeType.IKE_AUTH, IkeMetrics.Role.INITIATOR, IkeMetrics.Outcome.ERROR);
        LOG.info("connection to " + gateway + " failed: " + why);
        for (EngineListener l : engine.listeners()) {
            l.handshakeFailed(spiI, why);
        }
    }

    @Override
    public String toString() {
        return String.format("handshake %016x %s to %s tries %d timer %s cookies %d redirects %d", spiI, state, gateway,
                tries, timer != null, cookies, redirects);
    }

    private static boolean matches(IkeMessage m, NotifyType t, byte[] expected) {
        for (NotifyPayload n : m.all(NotifyPayload.class)) {
            if (n.notifyType() == t.code() && MessageDigest.isEqual(n.data(), expected)) {
                return true;
            }
        }
        return false;
    }
}
