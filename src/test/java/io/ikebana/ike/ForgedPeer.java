package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.KeyExchange;
import io.ikebana.crypto.SkCipher;
import io.ikebana.ike.auth.SignedOctets;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.ProtectedBytes;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.codec.FragmentAssembler;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An initiator written out by hand in the test, sending from {@link EngineHarness#PEER}: it
 * builds every request itself (so a test can break any part of it) and reads the keys from the
 * gateway's half-open and established SAs (test code may; RFC 7296 §2.14 directions: what the
 * initiator sends is protected with SK_ei/SK_ai, the gateway's inbound keys).
 */
final class ForgedPeer {
    static final int ESP_SPI = 0x0e5b0001;
    final EngineHarness h;
    final long spiI;
    final KeyExchange ke = DhGroup.CURVE25519.generate(new java.security.SecureRandom());
    final byte[] ni = WireBytes.nonce(32);
    byte[] initRequest;
    byte[] initResponse;
    long spiR;
    HalfOpenSa halfOpen;
    long nextMid = 1;
    /** Ask for a virtual IP in IKE_AUTH (CP); announce MOBIKE (RFC 4555 §3.1). */
    boolean requestAddress = true;
    boolean mobike;

    ForgedPeer(EngineHarness h) {
        this.h = h;
        this.spiI = 0x5eed000000000000L | (h.random.nextLong() & 0xffffffffffffL);
    }

    // ------------------------------------------------------------------ IKE_SA_INIT

    /** SA(aes256gcm16-prfsha256-x25519), KE(x25519), Ni: the request the gateway accepts. */
    List<Payload> initPayloads() {
        return List.of(ikeSa(new byte[0]), new KePayload(31, ke.publicValue()), new NoncePayload(ni));
    }

    static SaPayload ikeSa(byte[] spi) {
        return new SaPayload(List.of(new Proposal(1, Proposal.PROTO_IKE, spi, List.of(
                new Transform(Transform.ENCR, 20, 256), new Transform(Transform.PRF, 5), new Transform(Transform.KE, 31)))));
    }

    byte[] initRequest(List<Payload> payloads) {
        return MessageEncoder.plain(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, false, true, 0), payloads);
    }

    /** Sends IKE_SA_INIT and finds the half-open SA the gateway made for it. */
    HalfOpenSa init() {
        initRequest = initRequest(initPayloads());
        List<byte[]> answer = answers(h.exchange(initRequest));
        assertEquals(1, answer.size(), "one IKE_SA_INIT response");
        initResponse = answer.get(0);
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.plain(initResponse)).message();
        spiR = m.header().spiR();
        halfOpen = h.gateway().halfOpenByDigest(IkeEngine.digest(initRequest));
        assertNotNull(halfOpen, "half-open SA");
        return halfOpen;
    }

    // ------------------------------------------------------------------ IKE_AUTH

    static IdPayload idi() {
        return new IdPayload(true, Identity.FQDN, "forged.ikebana.test".getBytes(StandardCharsets.US_ASCII));
    }

    /** AUTH over our IKE_SA_INIT request, Nr and prf(SK_pi, IDi') with the PSK (RFC 7296 §2.15). */
    AuthPayload auth(IdPayload id) {
        byte[] octets = SignedOctets.of(initRequest, halfOpen.nr(), halfOpen.suite().prf(),
                halfOpen.keys().skPi().bytes(), id.body());
        return new AuthPayload(AuthPayload.PSK, SignedOctets.psk(halfOpen.suite().prf(), TestNodes.PSK.bytes(), octets));
    }

    static SaPayload espSa(int spi) {
        byte[] s = WireBytes.u32(spi);
        return new SaPayload(List.of(new Proposal(1, Proposal.PROTO_ESP, s, List.of(
                new Transform(Transform.ENCR, 20, 256), new Transform(Transform.ESN, 0)))));
    }

    static TsPayload tsi() {
        return new TsPayload(true, List.of(TrafficSelector.any(false)));
    }

    static TsPayload tsr() {
        return new TsPayload(false, List.of(TrafficSelector.ofSubnet(TestNodes.addr("10.99.200.0"), 24)));
    }

    static CpPayload cpRequest() {
        return new CpPayload(CpPayload.CFG_REQUEST, List.of(new CpAttribute(CpAttribute.INTERNAL_IP4_ADDRESS, new byte[0])));
    }

    /** IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr: the IKE_AUTH request the gateway accepts. */
    List<Payload> authPayloads() {
        IdPayload id = idi();
        List<Payload> out = new ArrayList<>(List.of(id, auth(id)));
        if (requestAddress) {
            out.add(cpRequest());
        }
        out.addAll(List.of(espSa(ESP_SPI), tsi(), tsr()));
        if (mobike) {
            out.add(NotifyPayload.of(io.ikebana.wire.NotifyType.MOBIKE_SUPPORTED));
        }
        return out;
    }

    /** The inbound cipher of whatever SA the gateway has now (half-open or established). */
    SkCipher toGateway() {
        IkeSa sa = h.gw.store.peek(spiR);
        return sa != null ? sa.inboundCipher(h.random) : halfOpen.inbound(h.random);
    }

    SkCipher fromGateway() {
        IkeSa sa = h.gw.store.peek(spiR);
        return sa != null ? sa.outboundCipher(h.random) : halfOpen.outbound(h.random);
    }

    IkeHeader header(ExchangeType type, long mid) {
        return IkeHeader.of(spiI, spiR, type, false, true, mid);
    }

    /** A request with these payloads inside SK, at the next message ID (which it takes). */
    byte[] request(ExchangeType type, List<? extends Payload> inner) {
        return MessageEncoder.protect(header(type, nextMid++), List.of(), inner, toGateway());
    }

    /** A request whose SK content is these octets exactly, at the next message ID. */
    byte[] requestRaw(ExchangeType type, int firstInner, byte[] content) {
        byte[] hdr = WireBytes.header(spiI, spiR, 0, 0x20, type.code(), IkeHeader.FLAG_INITIATOR, nextMid++, 0);
        return ProtectedBytes.sk(hdr, new byte[0], firstInner, content, toGateway());
    }

    /** Sends a valid IKE_AUTH; the gateway's IKE SA is established afterwards. */
    IkeSa establish() {
        if (halfOpen == null) {
            init();
        }
        List<byte[]> answer = answers(h.exchange(request(ExchangeType.IKE_AUTH, authPayloads())));
        assertEquals(1, answer.size(), "one IKE_AUTH response");
        IkeSa sa = h.gw.store.peek(spiR);
        assertNotNull(sa, "established");
        return sa;
    }

    /** Only the responses on this peer's SA (the gateway may also send its own requests to PEER). */
    List<byte[]> answers(List<byte[]> sent) {
        List<byte[]> out = new ArrayList<>(sent);
        out.removeIf(d -> (d[19] & IkeHeader.FLAG_RESPONSE) == 0 || IkeHeader.decode(d, 0, d.length).spiI() != spiI);
        return out;
    }

    /** Decrypts an answer of the gateway with the current SA's keys. */
    IkeMessage open(byte[] response) {
        return open(response, fromGateway());
    }

    static IkeMessage open(byte[] response, SkCipher c) {
        DecodeResult r = MessageDecoder.protectedMessage(response, c, new FragmentAssembler(64, 65536));
        return assertInstanceOf(DecodeResult.Ok.class, r, "answer decodes").message();
    }

    /** The only notify of an answer. */
    static NotifyPayload onlyNotify(IkeMessage m) {
        assertEquals(1, m.payloads().size(), "payloads " + m.payloads());
        return assertInstanceOf(NotifyPayload.class, m.payloads().get(0));
    }
}
