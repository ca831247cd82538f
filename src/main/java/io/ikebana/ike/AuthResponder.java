package io.ikebana.ike;

import io.ikebana.ike.error.IkeProtocolException;
import io.ikebana.ike.error.InternalAddressFailureException;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.payload.AuthPayload;
import io.ikebana.wire.payload.CertPayload;
import io.ikebana.wire.payload.CpAttribute;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.IdPayload;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TsPayload;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Responder side of IKE_AUTH (RFC 7296 §1.2, §2.15, §2.19, §2.21.2) on a half-open SA:
 * reassembly, authentication of the peer, our AUTH, the virtual IP, the first Child SA and the
 * extensions negotiated here. On success the SA goes to the store; Child SA problems are
 * reported with a notify and leave the IKE SA up.
 */
final class AuthResponder {
    private static final Logger LOG = Logger.getLogger(AuthResponder.class.getName());
    private final IkeEngine engine;

    AuthResponder(IkeEngine engine) {
        this.engine = engine;
    }

    void handle(Packet p, IkeHeader h, HalfOpenSa ho) {
        if (h.messageId() != 1) {
            engine.metrics().drop(DropReason.UNEXPECTED_MESSAGE_ID);
            return;
        }
        byte[] digest = IkeEngine.digest(p.data());
        if (ho.authPuzzle() != null && !authPuzzleSolved(p, ho)) {
            // RFC 8019 §7.2.4: without a valid solution the request is discarded silently
            engine.metrics().drop(DropReason.DOS_FILTER);
            return;
        }
        DecodeResult r = MessageDecoder.protectedMessage(p.data().clone(), ho.inbound(engine.random()), ho.fragments());
        if ((p.data()[16] & 0xff) == 53) {
            if (p.data().length > 33 && p.data()[33] == 1 && p.data()[32] == 0
                    && !(r instanceof DecodeResult.UnprotectedError)) {
                ho.progress().firstFragmentDigest = digest;
            }
            if (r instanceof DecodeResult.Ok) {
                digest = ho.progress().firstFragmentDigest;
                int total = (p.data()[34] & 0xff) << 8 | (p.data()[35] & 0xff);
                LOG.info(() -> "IKE_AUTH from " + p.remote() + " reassembled from " + total + " fragments (RFC 7383)");
            }
        }
        if (r instanceof DecodeResult.Partial) {
            return;
        }
        if (r instanceof DecodeResult.UnprotectedError u) {
            if (u.reason() == DropReason.INTEGRITY_CHECK_FAILED) {
                engine.initGuard().ikeAuthFailed(p.remote());
            }
            engine.metrics().drop(u.reason());
            return;
        }
        if (r instanceof DecodeResult.ProtectedError pe) {
            fail(p, h, ho, NotifyPayload.of(pe.error(), pe.data()), "IKE_AUTH " + pe.reason());
            return;
        }
        IkeMessage m = ((DecodeResult.Ok) r).message();
        IdPayload idi = m.first(IdPayload.class);
        AuthPayload auth = m.first(AuthPayload.class);
        if (idi == null || !idi.initiator() || auth == null) {
            // no AUTH means EAP, which we do not offer (RFC 7296 §2.16)
            engine.metrics().authFailure(IkeMetrics.AuthFailure.UNSUPPORTED_METHOD);
            fail(p, h, ho, NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED), "no IDi/AUTH");
            return;
        }
        Identity remoteId = new Identity(idi.idType(), idi.data());
        Identity localId = engine.config().local().id();
        IdPayload idrReq = null;
        for (IdPayload id : m.all(IdPayload.class)) {
            if (!id.initiator()) {
                idrReq = id;
            }
        }
        if (idrReq != null && !new Identity(idrReq.idType(), idrReq.data()).equals(localId)) {
            engine.metrics().authFailure(IkeMetrics.AuthFailure.UNKNOWN_PEER);
            fail(p, h, ho, NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED), "IDr " + idrReq + " is not ours");
            return;
        }
        PeerPolicy peer = null;
        IkeMetrics.AuthFailure failure = IkeMetrics.AuthFailure.UNKNOWN_PEER;
        for (PeerPolicy candidate : engine.config().peers()) {
            if (!candidate.remoteId().matches(remoteId)) {
                continue;
            }
            boolean psk = auth.method() == AuthPayload.PSK;
            if (psk != (candidate.remoteAuth() == AuthMethod.PSK)) {
                failure = IkeMetrics.AuthFailure.UNSUPPORTED_METHOD;
                continue;
            }
            failure = Authentication.verify(engine, candidate, remoteId, idi, auth, m.all(CertPayload.class),
                    ho.initRequest(), ho.nr(), ho.suite().prf(), ho.keys().skPi().bytes());
            // the initiator signs the IKE_SA_INIT it sent last: maybe a retry with another cookie
            for (byte[] retried : ho.progress().retriedInits()) {
                if (failure == null) {
                    break;
                }
                IkeMetrics.AuthFailure again = Authentication.verify(engine, candidate, remoteId, idi, auth,
                        m.all(CertPayload.class), retried, ho.nr(), ho.suite().prf(), ho.keys().skPi().bytes());
                failure = again == null ? null : failure;
            }
            if (failure == null) {
                peer = candidate;
                break;
            }
        }
        if (peer == null) {
            engine.metrics().authFailure(failure);
            fail(p, h, ho, NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED), "peer " + remoteId + ": " + failure);
            return;
        }
        IdPayload idr = Authentication.idPayload(localId, false);
        List<Payload> out = new ArrayList<>();
        out.add(idr);
        try {
            out.addAll(Authentication.build(engine, peer, idr, ho.initResponse(), ho.ni(), ho.suite().prf(),
                    ho.keys().skPr().bytes(), ho.has(IkeExtension.SIGNATURE_HASH) ? ho.peerSignatureHashes() : null));
        } catch (GeneralSecurityException e) {
            LOG.warning("cannot build our AUTH for peer " + peer.name() + ": " + e.getMessage());
            fail(p, h, ho, NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED), "own AUTH");
            return;
        }

        KeySchedule.IkeKeys k = ho.keys();
        IkeSa sa = new IkeSa(ho.spiI(), ho.spiR(), false, ho.suite(), k.skD(), k.skAi(), k.skAr(), k.skEi(), k.skEr());
        sa.identities(localId, remoteId);
        sa.peerName(peer.name());
        sa.endpoints(p.local(), p.remote());
        sa.extensions().addAll(ho.extensions());
        if (p.marker()) {
            sa.extensions().add(IkeExtension.NAT_T);
        }
        if (p.tcp()) {
            // RFC 9329 §1.2: once an IKE SA uses TCP, its IKE messages and ESP stay in TCP
            sa.extensions().add(IkeExtension.TCP);
        }
        long now = engine.now();
        sa.createdMillis(now);
        sa.lastInboundMillis(now);
        sa.rekeyAtMillis(engine.rekeyDeadline(engine.config().timers().ikeRekeyMillis()));
        sa.window().expectedRequestId(1);

        extensions(m, sa, out);
        List<Runnable> after = new ArrayList<>();
        boolean childAllowed = true;
        CpPayload cp = m.first(CpPayload.class);
        if (cp != null && cp.cfgType() == CpPayload.CFG_REQUEST) {
            try {
                out.add(assignAddresses(cp, peer, sa));
            } catch (InternalAddressFailureException e) {
                out.add(e.toNotify());
                childAllowed = false;
            }
        }
        SaPayload sa2 = m.first(SaPayload.class);
        if (childAllowed && sa2 != null) {
            TsPayload tsi = null;
            TsPayload tsr = null;
            for (TsPayload t : m.all(TsPayload.class)) {
                if (t.initiator()) {
                    tsi = t;
                } else {
                    tsr = t;
                }
            }
            try {
                // the first Child SA uses the IKE_SA_INIT nonces and no KE (RFC 7296 §2.17)
                ChildSas.Answer a = ChildSas.respond(engine, sa.localSpi(), ho.suite().prf(), k.skD().bytes(), ho.ni(),
                        ho.nr(), sa2, tsi, tsr, (KePayload) null, peer, sa.virtualIps(), p.local(), p.remote(), p.tcp(),
                        engine.config().espProposals());
                out.add(new SaPayload(List.of(a.proposal())));
                out.add(a.tsi());
                out.add(a.tsr());
                sa.children().add(a.child().state());
                ChildSas.Negotiated n = a.child();
                after.add(() -> {
                    ChildSas.install(engine, sa, n);
                    for (EngineListener l : engine.listeners()) {
                        l.childInstalled(sa, n.state());
                    }
                });
                engine.metrics().saEvent(IkeMetrics.SaEvent.CHILD_CREATED);
            } catch (IkeProtocolException e) {
                // RFC 7296 §2.21.2: the IKE SA is established without the Child SA
                out.add(e.toNotify());
            }
        }
        IkeHeader rh = IkeHeader.of(sa.spiI(), sa.spiR(), ExchangeType.IKE_AUTH, true, false, 1);
        List<byte[]> packets = engine.encode(sa, rh, out, p.tcp());
        sa.window().responded(digest, packets);
        if (!engine.establish(sa, after)) {
            engine.metrics().drop(DropReason.STATE_MISMATCH);
            return;
        }
        engine.removeHalfOpen(ho);
        engine.initCompleted(ho.requestDigest());
        k.skPi().destroy();
        k.skPr().destroy();
        engine.metrics().exchange(ExchangeType.IKE_AUTH, IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.OK);
        engine.metrics().handshakeNanos(System.nanoTime() - ho.createdNanos());
        for (byte[] b : packets) {
            engine.send(p.reply(b));
        }
        if (m.hasNotify(NotifyType.INITIAL_CONTACT)) {
            // RFC 7296 §2.4: the peer has no other IKE SA with us; delete the old ones (any member)
            engine.initialContact(sa);
        }
    }

    /**
     * The PS payload sits in the clear before SK (or in fragment 1 before SKF); fragments other
     * than the first carry none and are only authenticated (RFC 8019 §7.2.3, RFC 7383 §2.5.3).
     */
    private boolean authPuzzleSolved(Packet p, HalfOpenSa ho) {
        try {
            io.ikebana.wire.codec.PayloadChain.Result outer = io.ikebana.wire.codec.PayloadChain.decode(p.data(),
                    IkeHeader.SIZE, p.data().length, p.data()[16] & 0xff);
            if (outer.encrypted() != null && outer.encrypted().fragment() && outer.encrypted().fragmentNumber() != 1) {
                return true;
            }
            io.ikebana.wire.payload.PsPayload ps = null;
            for (Payload x : outer.payloads()) {
                if (x instanceof io.ikebana.wire.payload.PsPayload y) {
                    ps = y;
                }
            }
            return engine.initGuard().checkAuthPuzzle(ho.authPuzzle(), ho.nr(), ho.spiR(), ps == null ? null : ps.data());
        } catch (io.ikebana.wire.MalformedException e) {
            return false;
        }
    }

    /** Echoes the extensions we support and records them (MOBIKE, message-ID sync). */
    private void extensions(IkeMessage m, IkeSa sa, List<Payload> out) {
        EngineConfig.Features f = engine.config().features();
        if (m.hasNotify(NotifyType.MOBIKE_SUPPORTED) && f.mobike()) {
            // RFC 4555 §3.1: the responder answers with MOBIKE_SUPPORTED too
            out.add(NotifyPayload.of(NotifyType.MOBIKE_SUPPORTED));
            sa.extensions().add(IkeExtension.MOBIKE);
            sa.extensions().add(IkeExtension.NAT_T);
        }
        if (m.hasNotify(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED) && f.messageIdSync()) {
            // RFC 6311 §3: both sides announce support in IKE_AUTH
            out.add(NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED));
            sa.extensions().add(IkeExtension.MESSAGE_ID_SYNC);
        }
        if (m.hasNotify(NotifyType.CLONE_IKE_SA_SUPPORTED) && engine.config().features().cloning()) {
            // RFC 7791 §3: clone support is negotiated in IKE_AUTH
            out.add(NotifyPayload.of(NotifyType.CLONE_IKE_SA_SUPPORTED));
            sa.extensions().add(IkeExtension.CLONE);
        }
        for (NotifyPayload n : m.all(NotifyPayload.class)) {
            if (n.notifyType() == NotifyType.ADDITIONAL_IP4_ADDRESS.code()
                    || n.notifyType() == NotifyType.ADDITIONAL_IP6_ADDRESS.code()) {
                try {
                    sa.peerAdditionalAddresses().add(InetAddress.getByAddress(n.data()));
                } catch (java.net.UnknownHostException e) {
                    // malformed address notify: ignored, it is only a hint
                }
            }
        }
    }

    /** CP(CFG_REPLY) with addresses from the peer's pools (RFC 7296 §2.19, §3.15.4). */
    private CpPayload assignAddresses(CpPayload req, PeerPolicy peer, IkeSa sa) throws InternalAddressFailureException {
        List<CpAttribute> reply = new ArrayList<>();
        String owner = IkeEngine.leaseOwner(sa.localSpi());
        boolean requested = false;
        for (CpAttribute a : req.attributes()) {
            boolean v4 = a.type() == CpAttribute.INTERNAL_IP4_ADDRESS;
            boolean v6 = a.type() == CpAttribute.INTERNAL_IP6_ADDRESS;
            if (!v4 && !v6) {
                continue;
            }
            requested = true;
            InetAddress preferred = null;
            try {
                if (v4 && a.value().length == 4) {
                    preferred = InetAddress.getByAddress(a.value());
                } else if (v6 && a.value().length == 17) {
                    preferred = InetAddress.getByAddress(java.util.Arrays.copyOf(a.value(), 16));
                }
            } catch (java.net.UnknownHostException e) {
                preferred = null;
            }
            if (preferred != null && preferred.isAnyLocalAddress()) {
                preferred = null;
            }
            for (String pool : peer.pools()) {
                if (engine.pools().isIpv6(pool) != v6) {
                    continue;
                }
                InetAddress leased = engine.pools().lease(pool, owner, preferred);
                if (leased != null) {
                    sa.virtualIps().add(leased);
                    byte[] raw = leased.getAddress();
                    reply.add(new CpAttribute(a.type(), v6 ? java.util.Arrays.copyOf(raw, 17) : raw));
                    if (v6) {
                        reply.get(reply.size() - 1).value()[16] = (byte) 128;
                    }
                    break;
                }
            }
        }
        if (requested && sa.virtualIps().isEmpty()) {
            throw new InternalAddressFailureException("no address available for " + peer.name());
        }
        return new CpPayload(CpPayload.CFG_REPLY, reply);
    }

    /** Answers IKE_AUTH with an error; the half-open SA is gone (RFC 7296 §2.21.2). */
    private void fail(Packet p, IkeHeader h, HalfOpenSa ho, NotifyPayload n, String why) {
        LOG.info(() -> "IKE_AUTH from " + p.remote() + " failed: " + why);
        engine.metrics().exchange(ExchangeType.IKE_AUTH, IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.ERROR);
        IkeHeader rh = IkeHeader.of(ho.spiI(), ho.spiR(), ExchangeType.IKE_AUTH, true, false, h.messageId());
        byte[] out = MessageEncoder.protect(rh, List.of(), List.of(n), ho.outbound(engine.random()));
        if (engine.removeHalfOpen(ho)) {
            engine.send(p.reply(out));
            ho.destroy();
        }
    }
}
