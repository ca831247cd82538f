package io.ikebana.ike;

import static io.ikebana.wire.WireBytes.u16;
import static io.ikebana.wire.WireBytes.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.SkCipher;
import io.ikebana.ike.task.DpdExchange;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.payload.AuthPayload;
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
import io.ikebana.wire.payload.Transform;
import io.ikebana.wire.payload.TsPayload;
import io.ikebana.wire.payload.UnknownPayload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every error notify the gateway sends as responder, produced on the wire by a request that
 * deserves it (STYLE.md "Tests"). Unprotected IKE_SA_INIT answers are in
 * {@link InitRequestTableTest}; INVALID_SYNTAX and UNSUPPORTED_CRITICAL_PAYLOAD on established
 * SAs in {@link EstablishedSaTableTest}. Here: IKE_AUTH and CREATE_CHILD_SA errors.
 * FAILED_CP_REQUIRED and SINGLE_PAIR_REQUIRED have exception classes but no code path that
 * throws them, so nothing can produce them.
 */
class ResponderErrorNotifyTest {
    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = new EngineHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    long unexpectedBefore;

    @BeforeEach
    void baseline() {
        unexpectedBefore = h.gw.metrics.unexpected();
    }

    @AfterEach
    void noUnexpectedException() {
        assertEquals(unexpectedBefore, h.gw.metrics.unexpected(), "engine caught an unexpected exception");
    }

    /** Sends a request and opens the single protected answer, checking its header. */
    static IkeMessage answer(ForgedPeer p, byte[] request) {
        SkCipher in = p.fromGateway();
        IkeHeader req = IkeHeader.decode(request, 0, request.length);
        List<byte[]> out = h.exchange(request);
        assertEquals(1, out.size(), "one answer");
        IkeMessage m = ForgedPeer.open(out.get(0), in);
        assertEquals(p.spiI, m.header().spiI());
        assertEquals(p.spiR, m.header().spiR());
        assertEquals(IkeHeader.FLAG_RESPONSE, m.header().flags());
        assertEquals(req.messageId(), m.messageId());
        assertEquals(req.exchangeType(), m.header().exchangeType());
        return m;
    }

    static NotifyPayload notify(IkeMessage m, NotifyType type) {
        NotifyPayload n = m.notify(type);
        assertNotNull(n, type + " in " + m.payloads());
        return n;
    }

    static List<Payload> replace(List<Payload> ps, Class<? extends Payload> type, Payload with) {
        List<Payload> out = new ArrayList<>();
        for (Payload p : ps) {
            out.add(type.isInstance(p) && (with == null || with.type() == p.type()) ? with : p);
        }
        out.removeIf(x -> x == null);
        return out;
    }

    static SaPayload espSa(int encrId, int keyBits) {
        return new SaPayload(List.of(new Proposal(1, Proposal.PROTO_ESP, WireBytes.u32(0x0e5b0100), List.of(
                new Transform(Transform.ENCR, encrId, keyBits), new Transform(Transform.INTEG, 12),
                new Transform(Transform.ESN, 0)))));
    }

    static TsPayload tsr(String net) {
        return new TsPayload(false, List.of(TrafficSelector.ofSubnet(TestNodes.addr(net), 24)));
    }

    static List<Payload> newChild(SaPayload sa, TsPayload tsr) {
        return List.of(sa, new NoncePayload(WireBytes.nonce(32)), ForgedPeer.tsi(), tsr);
    }

    static List<Payload> ikeRekey(int keGroup, byte[] keData) {
        return List.of(ForgedPeer.ikeSa(WireBytes.u64(0x4e4e000000000001L)), new NoncePayload(WireBytes.nonce(32)),
                new KePayload(keGroup, keData));
    }

    // ------------------------------------------------------------------------ IKE_AUTH (half-open SA)

    /** An IKE_AUTH that fails: SK{N(error)} only, no IKE SA, the half-open SA is gone. */
    static void authFails(ForgedPeer p, List<Payload> inner, NotifyType error, byte[] data) {
        int halfOpen = h.gateway().halfOpenCount();
        IkeMessage m = answer(p, p.request(ExchangeType.IKE_AUTH, inner));
        NotifyPayload n = ForgedPeer.onlyNotify(m);
        assertEquals(error.code(), n.notifyType());
        assertArrayEquals(data, n.data());
        assertNull(h.gw.store.peek(p.spiR), "no IKE SA");
        assertEquals(halfOpen - 1, h.gateway().halfOpenCount(), "half-open SA removed");
    }

    @Test
    void authenticationFailedForAWrongPsk() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        List<Payload> inner = p.authPayloads();
        AuthPayload good = (AuthPayload) inner.get(1);
        byte[] bad = good.data().clone();
        bad[0] ^= 1;
        long before = h.gw.metrics.authFailures(IkeMetrics.AuthFailure.BAD_AUTH);
        authFails(p, replace(inner, AuthPayload.class, new AuthPayload(AuthPayload.PSK, bad)),
                NotifyType.AUTHENTICATION_FAILED, new byte[0]);
        assertEquals(before + 1, h.gw.metrics.authFailures(IkeMetrics.AuthFailure.BAD_AUTH));
    }

    @Test
    void authenticationFailedWithoutAuthPayload() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        authFails(p, replace(p.authPayloads(), AuthPayload.class, null), NotifyType.AUTHENTICATION_FAILED, new byte[0]);
    }

    @Test
    void authenticationFailedForAnIdrThatIsNotOurs() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        List<Payload> inner = new ArrayList<>(p.authPayloads());
        inner.add(1, new IdPayload(false, Identity.FQDN, "other.gw".getBytes(StandardCharsets.US_ASCII)));
        authFails(p, inner, NotifyType.AUTHENTICATION_FAILED, new byte[0]);
    }

    @Test
    void authenticationFailedForASignatureMethodWithAPskPeer() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        authFails(p, replace(p.authPayloads(), AuthPayload.class, new AuthPayload(AuthPayload.DIGITAL_SIGNATURE,
                WireBytes.nonce(64))), NotifyType.AUTHENTICATION_FAILED, new byte[0]);
    }

    @Test
    void invalidSyntaxInIkeAuth() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        byte[] request = p.requestRaw(ExchangeType.IKE_AUTH, 40, WireBytes.payload(0, WireBytes.nonce(15)));
        int halfOpen = h.gateway().halfOpenCount();
        NotifyPayload n = ForgedPeer.onlyNotify(answer(p, request));
        assertEquals(NotifyType.INVALID_SYNTAX.code(), n.notifyType());
        assertNull(h.gw.store.peek(p.spiR));
        assertEquals(halfOpen - 1, h.gateway().halfOpenCount());
    }

    @Test
    void unsupportedCriticalPayloadInIkeAuth() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        List<Payload> inner = new ArrayList<>(p.authPayloads());
        inner.add(new UnknownPayload(52, true, u8(1, 2)));
        authFails(p, inner, NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(52));
    }

    /** Child SA problems in IKE_AUTH: IDr and AUTH, the error, an IKE SA without the Child SA. */
    static IkeMessage authWithoutChild(ForgedPeer p, List<Payload> inner, NotifyType error) {
        IkeMessage m = answer(p, p.request(ExchangeType.IKE_AUTH, inner));
        notify(m, error);
        assertNotNull(m.first(IdPayload.class), "IDr");
        assertNotNull(m.first(AuthPayload.class), "AUTH (RFC 7296 §2.21.2)");
        assertNull(m.first(SaPayload.class), "no SAr2");
        IkeSa sa = h.gw.store.peek(p.spiR);
        assertNotNull(sa, "IKE SA established");
        assertTrue(sa.children().isEmpty(), "no Child SA");
        return m;
    }

    @Test
    void noProposalChosenForTheChildInIkeAuth() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        authWithoutChild(p, replace(p.authPayloads(), SaPayload.class, espSa(3, -1)), NotifyType.NO_PROPOSAL_CHOSEN);
    }

    @Test
    void tsUnacceptableInIkeAuth() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        IkeMessage m = authWithoutChild(p, withTs(p.authPayloads(), tsr("192.0.2.0")), NotifyType.TS_UNACCEPTABLE);
        assertNotNull(m.first(CpPayload.class), "the virtual IP was still assigned");
    }

    static List<Payload> withTs(List<Payload> ps, TsPayload tsr) {
        List<Payload> out = new ArrayList<>();
        for (Payload p : ps) {
            out.add(p instanceof TsPayload t && !t.initiator() ? tsr : p);
        }
        return out;
    }

    @Test
    void internalAddressFailureInIkeAuth() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        CpPayload v6 = new CpPayload(CpPayload.CFG_REQUEST, List.of(new CpAttribute(CpAttribute.INTERNAL_IP6_ADDRESS,
                new byte[0])));
        IkeMessage m = authWithoutChild(p, replace(p.authPayloads(), CpPayload.class, v6),
                NotifyType.INTERNAL_ADDRESS_FAILURE);
        assertNull(m.first(CpPayload.class));
    }

    // ------------------------------------------------------------------------ CREATE_CHILD_SA

    static void childError(ForgedPeer p, List<Payload> inner, NotifyType error) {
        IkeSa sa = h.gw.store.peek(p.spiR);
        int children = sa.children().size();
        NotifyPayload n = ForgedPeer.onlyNotify(answer(p, p.request(ExchangeType.CREATE_CHILD_SA, inner)));
        assertEquals(error.code(), n.notifyType(), "got " + n.kind());
        IkeSa after = h.gw.store.peek(p.spiR);
        assertNotNull(after, "IKE SA kept");
        assertEquals(children, after.children().size(), "no Child SA made");
    }

    @Test
    void createChildWorks() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        IkeMessage m = answer(p, p.request(ExchangeType.CREATE_CHILD_SA, newChild(ForgedPeer.espSa(0x0e5b0200),
                ForgedPeer.tsr())));
        assertNotNull(m.first(SaPayload.class));
        assertNotNull(m.first(NoncePayload.class));
        assertEquals(2, h.gw.store.peek(p.spiR).children().size());
    }

    @Test
    void noProposalChosenForCreateChild() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        childError(p, newChild(espSa(3, -1), ForgedPeer.tsr()), NotifyType.NO_PROPOSAL_CHOSEN);
    }

    @Test
    void tsUnacceptableForCreateChild() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        childError(p, newChild(ForgedPeer.espSa(0x0e5b0300), tsr("192.0.2.0")), NotifyType.TS_UNACCEPTABLE);
    }

    @Test
    void childSaNotFoundForARekeyOfAnUnknownSpi() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        List<Payload> inner = new ArrayList<>();
        inner.add(new NotifyPayload(Proposal.PROTO_ESP, WireBytes.u32(0xdeadbeefL), NotifyType.REKEY_SA.code(), null));
        inner.addAll(newChild(ForgedPeer.espSa(0x0e5b0400), ForgedPeer.tsr()));
        NotifyPayload n = ForgedPeer.onlyNotify(answer(p, p.request(ExchangeType.CREATE_CHILD_SA, inner)));
        assertEquals(NotifyType.CHILD_SA_NOT_FOUND.code(), n.notifyType());
        assertEquals(Proposal.PROTO_ESP, n.protocolId());
        assertArrayEquals(WireBytes.u32(0xdeadbeefL), n.spi(), "the SPI of REKEY_SA (RFC 7296 §2.25)");
    }

    @Test
    void invalidKePayloadForAnIkeRekey() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        NotifyPayload n = ForgedPeer.onlyNotify(answer(p, p.request(ExchangeType.CREATE_CHILD_SA,
                ikeRekey(19, new byte[64]))));
        assertEquals(NotifyType.INVALID_KE_PAYLOAD.code(), n.notifyType());
        assertArrayEquals(u16(31), n.data(), "the 2-octet group we want");
        assertEquals(IkeSaState.ESTABLISHED, h.gw.store.peek(p.spiR).state());
    }

    @Test
    void noProposalChosenForAnIkeRekeyWithoutSpi() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        List<Payload> inner = List.of(ForgedPeer.ikeSa(new byte[0]), new NoncePayload(WireBytes.nonce(32)),
                new KePayload(31, DhGroup.CURVE25519.generate(h.random).publicValue()));
        NotifyPayload n = ForgedPeer.onlyNotify(answer(p, p.request(ExchangeType.CREATE_CHILD_SA, inner)));
        assertEquals(NotifyType.NO_PROPOSAL_CHOSEN.code(), n.notifyType());
    }

    @Test
    void temporaryFailureForAnIkeRekeyWhileWeHaveARequestOutstanding() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        int mark = h.net.sent.size();
        h.gateway().initiate(p.spiR, new DpdExchange());
        h.settle();
        List<byte[]> ours = h.sentTo(EngineHarness.PEER, mark);
        assertEquals(1, ours.size(), "the gateway's DPD");
        IkeHeader dpd = IkeHeader.decode(ours.get(0), 0, ours.get(0).length);
        assertFalse(dpd.isResponse());

        NotifyPayload n = ForgedPeer.onlyNotify(answer(p, p.request(ExchangeType.CREATE_CHILD_SA,
                ikeRekey(31, DhGroup.CURVE25519.generate(h.random).publicValue()))));
        assertEquals(NotifyType.TEMPORARY_FAILURE.code(), n.notifyType());

        // answer the gateway's DPD so it does not retransmit into other tests
        byte[] reply = MessageEncoder.protect(IkeHeader.of(p.spiI, p.spiR, ExchangeType.INFORMATIONAL, true, true,
                dpd.messageId()), List.of(), List.of(), p.toGateway());
        assertEquals(List.of(), h.exchange(reply));
    }

    @Test
    void temporaryFailureForACreateChildOnARekeyedIkeSa() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        IkeMessage rekeyed = answer(p, p.request(ExchangeType.CREATE_CHILD_SA,
                ikeRekey(31, DhGroup.CURVE25519.generate(h.random).publicValue())));
        assertEquals(8, rekeyed.first(SaPayload.class).proposals().get(0).spi().length);
        assertEquals(IkeSaState.REKEYED, h.gw.store.peek(p.spiR).state());
        childError(p, newChild(ForgedPeer.espSa(0x0e5b0500), ForgedPeer.tsr()), NotifyType.TEMPORARY_FAILURE);
    }

    @Test
    void noAdditionalSasAtTheChildLimit() {
        try (EngineHarness one = new EngineHarness(new EngineConfig.Limits(64, 65536, 1000, 1, 8))) {
            ForgedPeer p = new ForgedPeer(one);
            p.establish();
            SkCipher in = p.fromGateway();
            List<byte[]> out = one.exchange(p.request(ExchangeType.CREATE_CHILD_SA,
                    newChild(ForgedPeer.espSa(0x0e5b0600), ForgedPeer.tsr())));
            assertEquals(1, out.size());
            NotifyPayload n = ForgedPeer.onlyNotify(ForgedPeer.open(out.get(0), in));
            assertEquals(NotifyType.NO_ADDITIONAL_SAS.code(), n.notifyType());
            assertEquals(1, one.gw.store.peek(p.spiR).children().size());
            assertEquals(0, one.gw.metrics.unexpected());
        }
    }

    // ------------------------------------------------------------------------ IKE_SA_INIT replay

    @Test
    void ikeSaInitReplayedAfterIkeAuth() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        int halfOpen = h.gateway().halfOpenCount();
        List<byte[]> out = h.exchange(p.initRequest);
        // RFC 7296 §2.1: an IKE_SA_INIT whose IKE_AUTH already arrived is ignored
        assertEquals(0, out.size());
        assertEquals(halfOpen, h.gateway().halfOpenCount());
    }
}
