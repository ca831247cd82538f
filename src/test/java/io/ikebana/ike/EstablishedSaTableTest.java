package io.ikebana.ike;

import static io.ikebana.wire.WireBytes.concat;
import static io.ikebana.wire.WireBytes.nonce;
import static io.ikebana.wire.WireBytes.payload;
import static io.ikebana.wire.WireBytes.payloadWithLength;
import static io.ikebana.wire.WireBytes.u16;
import static io.ikebana.wire.WireBytes.u32;
import static io.ikebana.wire.WireBytes.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.SkCipher;
import io.ikebana.ike.task.DpdExchange;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.ProtectedBytes;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on an ESTABLISHED IKE SA through the real engine (RFC 7296 §2.1, §2.3, §2.21.3,
 * §3.1, §3.14; RFC 7383 §2.6). Anything that does not authenticate, or is outside the window,
 * or is flagged as a response, is dropped without an answer and leaves the SA as it was; a
 * client's DPD over the same gateway still works afterwards. Authenticated requests that are
 * malformed inside SK get INVALID_SYNTAX inside SK and the SA is deleted; an unknown critical
 * payload gets UNSUPPORTED_CRITICAL_PAYLOAD and the SA stays. Retransmitted requests get the
 * cached response, byte for byte.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EstablishedSaTableTest {
    static EngineHarness h;
    static ForgedPeer shared;
    static long clientSpi;

    @BeforeAll
    static void start() {
        h = new EngineHarness();
        clientSpi = h.connect(h.client);
        shared = new ForgedPeer(h);
        shared.establish();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    long unexpectedBefore;
    int failuresBefore;

    @BeforeEach
    void baseline() {
        unexpectedBefore = h.gw.metrics.unexpected();
        failuresBefore = h.failures.size();
    }

    @AfterEach
    void noUnexpectedException() {
        assertEquals(unexpectedBefore, h.gw.metrics.unexpected(), () -> "engine caught an unexpected exception: "
                + (h.failures.isEmpty() ? "" : h.failures.get(h.failures.size() - 1).getThrown()));
        assertEquals(failuresBefore, h.failures.size(), () -> "logged failure: "
                + h.failures.get(h.failures.size() - 1).getThrown());
    }

    // ----------------------------------------------------------------------------- helpers

    /** The message ID the gateway expects next on the shared SA. */
    static long expected(ForgedPeer p) {
        return h.gw.store.peek(p.spiR).window().expectedRequestId();
    }

    static byte[] dpd(ForgedPeer p, long mid) {
        return MessageEncoder.protect(p.header(ExchangeType.INFORMATIONAL, mid), List.of(), List.of(), p.toGateway());
    }

    static byte[] withFlags(ForgedPeer p, long mid, int flags, List<Payload> inner) {
        IkeHeader hd = new IkeHeader(p.spiI, p.spiR, 0, 2, 0, ExchangeType.INFORMATIONAL.code(), flags, mid, 0);
        return MessageEncoder.protect(hd, List.of(), inner, p.toGateway());
    }

    static byte[] flip(byte[] m, int index) {
        byte[] c = m.clone();
        c[index < 0 ? c.length + index : index] ^= 0x40;
        return c;
    }

    static byte[] shortened(byte[] m, int n) {
        byte[] c = Arrays.copyOf(m, m.length - n);
        ProtectedBytes.setLength(c);
        int skLen = ((c[30] & 0xff) << 8 | (c[31] & 0xff)) - n;
        c[30] = (byte) (skLen >>> 8);
        c[31] = (byte) skLen;
        return c;
    }

    static byte[] headerOnly(ForgedPeer p, long mid, int firstPayload, byte[] rest) {
        return concat(WireBytes.header(p.spiI, p.spiR, firstPayload, 0x20, 37, IkeHeader.FLAG_INITIATOR, mid,
                28 + rest.length), rest);
    }

    static Arguments drop(String name, Function<ForgedPeer, byte[]> build, DropReason reason) {
        return Arguments.of(name, build, reason);
    }

    // ----------------------------------------------------------------------------- not authenticated

    static Stream<Arguments> unauthenticated() {
        return Stream.of(
            drop("ICV flipped", p -> flip(dpd(p, expected(p)), -1), DropReason.INTEGRITY_CHECK_FAILED),
            drop("ciphertext flipped", p -> flip(dpd(p, expected(p)), 40), DropReason.INTEGRITY_CHECK_FAILED),
            drop("header byte under the ICV flipped (exchange type)", p -> {
                byte[] m = dpd(p, expected(p));
                m[18] = 36;
                return m;
            }, DropReason.INTEGRITY_CHECK_FAILED),
            drop("sealed with SK_er (our own direction, reflection)", p -> MessageEncoder.protect(
                    p.header(ExchangeType.INFORMATIONAL, expected(p)), List.of(), List.of(), p.fromGateway()),
                    DropReason.INTEGRITY_CHECK_FAILED),
            drop("sealed with another SA's keys", p -> MessageEncoder.protect(p.header(ExchangeType.INFORMATIONAL,
                    expected(p)), List.of(), List.of(), h.gatewaySa(h.client, clientSpi).inboundCipher(h.random)),
                    DropReason.INTEGRITY_CHECK_FAILED),
            drop("SK cut to IV + ICV", p -> shortened(dpd(p, expected(p)), 1), DropReason.INTEGRITY_CHECK_FAILED),
            drop("SK body empty", p -> shortened(dpd(p, expected(p)), 25), DropReason.INTEGRITY_CHECK_FAILED),
            drop("length field one more", p -> {
                byte[] m = dpd(p, expected(p));
                ProtectedBytes.setLength(m, m.length + 1);
                return m;
            }, DropReason.BAD_LENGTH),
            drop("27 octets", p -> Arrays.copyOf(dpd(p, expected(p)), 27), DropReason.TRUNCATED),
            drop("major version 3", p -> {
                byte[] m = dpd(p, expected(p));
                m[17] = 0x30;
                return m;
            }, DropReason.BAD_VERSION),
            drop("SK payload length past the end", p -> {
                byte[] m = dpd(p, expected(p));
                m[31] += 1;
                return m;
            }, DropReason.MALFORMED),
            drop("SK not the last payload", p -> {
                byte[] m = concat(dpd(p, expected(p)), payload(0, u8(1, 2, 3, 4)));
                m[28] = 43;
                ProtectedBytes.setLength(m);
                return m;
            }, DropReason.MALFORMED),
            drop("no SK payload (plain Delete IKE)", p -> headerOnly(p, expected(p), 42, payload(0, u8(1, 0, 0, 0))),
                    DropReason.MALFORMED),
            drop("no payload at all", p -> headerOnly(p, expected(p), 0, new byte[0]), DropReason.MALFORMED),
            drop("SKF header only (32 octets)", p -> headerOnly(p, expected(p), 53, payload(0, new byte[0])),
                    DropReason.MALFORMED),
            drop("SKF header and 1 octet (33 octets)", p -> headerOnly(p, expected(p), 53, payload(0, u8(0))),
                    DropReason.MALFORMED),
            // RFC 7383 §2.6.1: a non-first fragment at the last message ID is ignored (not counted)
            drop("SKF header only at the last message ID (retransmission path)", p -> headerOnly(p, expected(p) - 1, 53,
                    payload(0, new byte[0])), null),
            drop("SKF fragment number 0", p -> ProtectedBytes.skf(WireBytes.header(p.spiI, p.spiR, 0, 0x20, 37,
                    IkeHeader.FLAG_INITIATOR, expected(p), 0), 0, 0, 2, new byte[8], p.toGateway()),
                    DropReason.FRAGMENT_INVALID),
            drop("SKF fragment number past the total", p -> ProtectedBytes.skf(WireBytes.header(p.spiI, p.spiR, 0, 0x20,
                    37, IkeHeader.FLAG_INITIATOR, expected(p), 0), 0, 3, 2, new byte[8], p.toGateway()),
                    DropReason.FRAGMENT_INVALID),
            drop("SKF total above the limit", p -> ProtectedBytes.skf(WireBytes.header(p.spiI, p.spiR, 0, 0x20,
                    37, IkeHeader.FLAG_INITIATOR, expected(p), 0), 0, 1, 65, new byte[8], p.toGateway()),
                    DropReason.FRAGMENT_INVALID),
            drop("message ID one ahead", p -> dpd(p, expected(p) + 1), DropReason.UNEXPECTED_MESSAGE_ID),
            drop("message ID far ahead", p -> dpd(p, expected(p) + 100), DropReason.UNEXPECTED_MESSAGE_ID),
            drop("message ID 2^32-1", p -> dpd(p, 0xffffffffL), DropReason.UNEXPECTED_MESSAGE_ID),
            drop("message ID two behind", p -> dpd(p, expected(p) - 2), DropReason.UNEXPECTED_MESSAGE_ID),
            drop("last message ID, different request (not a retransmission)", p -> dpd(p, expected(p) - 1),
                    DropReason.UNEXPECTED_MESSAGE_ID),
            drop("response flag set (never answered)", p -> withFlags(p, expected(p),
                    IkeHeader.FLAG_INITIATOR | IkeHeader.FLAG_RESPONSE, List.of()), DropReason.UNEXPECTED_RESPONSE),
            drop("response flag on a Delete IKE (never acted on)", p -> withFlags(p, expected(p),
                    IkeHeader.FLAG_INITIATOR | IkeHeader.FLAG_RESPONSE,
                    List.of(io.ikebana.wire.payload.DeletePayload.ike())), DropReason.UNEXPECTED_RESPONSE),
            drop("I flag clear (claims to be the responder)", p -> withFlags(p, expected(p), 0, List.of()),
                    DropReason.UNKNOWN_SPI),
            drop("unknown SPIr", p -> MessageEncoder.protect(IkeHeader.of(p.spiI, p.spiR ^ 1, ExchangeType.INFORMATIONAL,
                    false, true, expected(p)), List.of(), List.of(), p.toGateway()), DropReason.UNKNOWN_SPI),
            // RFC 7296 §2.6: only IKE_SA_INIT may have SPIr = 0; the SA is not even looked up
            drop("SPIr 0 and SPIi = our SPI", p -> MessageEncoder.protect(
                    IkeHeader.of(p.spiR, 0, ExchangeType.INFORMATIONAL, false, true, expected(p)), List.of(), List.of(),
                    p.fromGateway()), DropReason.UNKNOWN_SPI),
            drop("IKE_SA_INIT request carrying this SA's SPIr", p -> {
                byte[] m = p.initRequest(p.initPayloads());
                System.arraycopy(WireBytes.u64(p.spiR), 0, m, 8, 8);
                return m;
            }, DropReason.STATE_MISMATCH)
        );
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticated")
    void unauthenticatedIsDroppedAndChangesNothing(String name, Function<ForgedPeer, byte[]> build, DropReason reason) {
        IkeSa before = h.gw.store.peek(shared.spiR);
        long mid = expected(shared);
        int halfOpen = h.gateway().halfOpenCount();
        long drops = reason == null ? 0 : h.gw.metrics.drops(reason);
        byte[] bad = build.apply(shared);

        List<byte[]> answer = h.exchange(bad);

        assertEquals(List.of(), answer, "no answer");
        if (reason != null) {
            assertEquals(drops + 1, h.gw.metrics.drops(reason), () -> "counted as " + reason + ": "
                    + h.gw.metrics.snapshot());
        }
        IkeSa after = h.gw.store.peek(shared.spiR);
        assertSame(before, after, "SA still there");
        assertEquals(IkeSaState.ESTABLISHED, after.state());
        assertEquals(mid, after.window().expectedRequestId(), "window did not move");
        assertEquals(halfOpen, h.gateway().halfOpenCount());
    }

    @Order(2)
    @Test
    void afterTheTableTheSaWorksAndTheClientsDpdIsAnswered() {
        // the shared SA answers a good request
        long mid = expected(shared);
        SkCipher in = shared.fromGateway();
        List<byte[]> answer = h.exchange(dpd(shared, mid));
        assertEquals(1, answer.size());
        IkeMessage m = ForgedPeer.open(answer.get(0), in);
        assertEquals(mid, m.messageId());
        assertTrue(m.payloads().isEmpty());
        shared.nextMid = mid + 1;
        // the real client's DPD still succeeds
        long ok = h.client.metrics.exchanges(ExchangeType.INFORMATIONAL, IkeMetrics.Role.INITIATOR, IkeMetrics.Outcome.OK);
        h.client.engine.initiate(clientSpi, new DpdExchange());
        h.settle();
        assertEquals(ok + 1, h.client.metrics.exchanges(ExchangeType.INFORMATIONAL, IkeMetrics.Role.INITIATOR,
                IkeMetrics.Outcome.OK));
        assertNotNull(h.gatewaySa(h.client, clientSpi));
    }

    // ----------------------------------------------------------------------------- authenticated, malformed

    record Bad(ExchangeType exchange, int firstInner, byte[] content) {
    }

    static Arguments authenticated(String name, ExchangeType type, int first, byte[] content, NotifyType answer,
            byte[] data, boolean saDeleted) {
        return Arguments.of(name, new Bad(type, first, content), answer, data, saDeleted);
    }

    static byte[] ts(int next, boolean initiator) {
        return payload(next, concat(u8(1, 0, 0, 0), WireBytes.ipv4Selector(initiator ? "0.0.0.0" : "10.99.200.0",
                initiator ? "255.255.255.255" : "10.99.200.255")));
    }

    static byte[] espSa(int next) {
        return payload(next, WireBytes.espProposal(true, 1, 0x0e5b0002));
    }

    static Stream<Arguments> authenticatedRows() {
        byte[] none = new byte[0];
        ExchangeType info = ExchangeType.INFORMATIONAL;
        ExchangeType child = ExchangeType.CREATE_CHILD_SA;
        return Stream.of(
            authenticated("INFORMATIONAL: Nonce of 15 octets", info, 40, payload(0, nonce(15)),
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: trailing octets", info, 42, concat(payload(0, concat(u8(3, 4), u16(1),
                    u32(1))), u8(0)), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: Delete count past the end", info, 42, payload(0, concat(u8(3, 4), u16(9),
                    u32(1))), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: Delete IKE with SPI size 8", info, 42, payload(0, concat(u8(1, 8), u16(0))),
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: Notify SPI size past the end", info, 41, payload(0, concat(u8(3, 4),
                    u16(16393), u8(1))), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: payload length past the content", info, 41, payloadWithLength(0, 0, 99,
                    new byte[8]), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: duplicate CP", info, 47, concat(payload(47, u8(1, 0, 0, 0)),
                    payload(0, u8(1, 0, 0, 0))), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: CP attribute past the payload", info, 47, payload(0, concat(u8(1, 0, 0, 0),
                    u16(1), u16(4))), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: SK nested in SK", info, 46, payload(0, new byte[40]),
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: PS of 6 octets", info, 54, payload(0, new byte[6]),
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: TSi count 0", child, 33, concat(espSa(40), payload(44, nonce(32)),
                    payload(45, u8(0, 0, 0, 0)), ts(0, false)), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: IPv4 selector of length 24", child, 33, concat(espSa(40),
                    payload(44, nonce(32)), payload(45, concat(u8(1, 0, 0, 0), WireBytes.selectorWithLength(7, 0, 24,
                    0, 65535, new byte[16]))), ts(0, false)), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: SA proposal numbered 0", child, 33, concat(payload(40,
                    WireBytes.espProposal(true, 0, 7)), payload(44, nonce(32)), ts(45, true), ts(0, false)),
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: no Nonce (well-formed)", child, 33, concat(espSa(44), ts(45, true),
                    ts(0, false)), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: no TSr (well-formed)", child, 33, concat(espSa(40), payload(44, nonce(32)),
                    ts(0, true)), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: REKEY_SA without SPI", child, 41, concat(payload(33, concat(u8(3, 0),
                    u16(16393))), espSa(40), payload(44, nonce(32)), ts(45, true), ts(0, false)),
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: IKE rekey without KE", child, 33, concat(payload(40,
                    WireBytes.proposal(true, 1, 1, WireBytes.u64(0x1234), 3, WireBytes.ikeGcmX25519Transforms())),
                    payload(0, nonce(32))), NotifyType.INVALID_SYNTAX, none, true),
            authenticated("CREATE_CHILD_SA: IKE rekey with an all-zero x25519 KE", child, 33, concat(payload(40,
                    WireBytes.proposal(true, 1, 1, WireBytes.u64(0x1234), 3, WireBytes.ikeGcmX25519Transforms())),
                    payload(34, nonce(32)), payload(0, concat(u16(31), u16(0), new byte[32]))),
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("INFORMATIONAL: unknown critical payload 49", info, 49, payload(0, true, u8(1)),
                    NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(49), false),
            authenticated("CREATE_CHILD_SA: unknown critical payload 250", child, 250, concat(payload(33, true, u8(1)),
                    espSa(40), payload(44, nonce(32)), ts(45, true), ts(0, false)),
                    NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(250), false),
            // RFC 7296 §2.21.3: INVALID_SYNTAX, and the IKE SA ends
            authenticated("unknown exchange type 99", ExchangeType.UNKNOWN, 0, none,
                    NotifyType.INVALID_SYNTAX, none, true),
            authenticated("IKE_AUTH on an established SA", ExchangeType.IKE_AUTH, 0, none,
                    NotifyType.INVALID_SYNTAX, none, true)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authenticatedRows")
    void authenticatedErrorIsAnsweredInsideSk(String name, Bad bad, NotifyType type, byte[] data, boolean deleted) {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        SkCipher in = p.fromGateway();
        long mid = expected(p);
        int exchange = bad.exchange() == ExchangeType.UNKNOWN ? 99 : bad.exchange().code();
        byte[] hdr = WireBytes.header(p.spiI, p.spiR, 0, 0x20, exchange, IkeHeader.FLAG_INITIATOR, mid, 0);
        byte[] request = ProtectedBytes.sk(hdr, new byte[0], bad.firstInner(), bad.content(), p.toGateway());

        List<byte[]> answer = h.exchange(request);

        assertEquals(1, answer.size(), "one answer");
        IkeMessage m = ForgedPeer.open(answer.get(0), in);
        IkeHeader rh = m.header();
        assertEquals(p.spiI, rh.spiI());
        assertEquals(p.spiR, rh.spiR());
        assertEquals(exchange, rh.exchangeType(), "exchange type copied (RFC 7296 §3.1)");
        assertEquals(IkeHeader.FLAG_RESPONSE, rh.flags(), "response, from the original responder");
        assertEquals(mid, rh.messageId());
        NotifyPayload n = ForgedPeer.onlyNotify(m);
        assertEquals(type.code(), n.notifyType());
        assertArrayEquals(data, n.data());
        if (deleted) {
            // RFC 7296 §2.21.3: INVALID_SYNTAX after authentication ends the IKE SA
            assertNull(h.gw.store.peek(p.spiR), "SA deleted");
            assertEquals(List.of(), h.exchange(dpd(p, mid + 1)), "nothing answers any more");
        } else {
            IkeSa sa = h.gw.store.peek(p.spiR);
            assertNotNull(sa, "SA kept");
            assertEquals(IkeSaState.ESTABLISHED, sa.state());
            assertEquals(1, h.exchange(dpd(p, mid + 1)).size(), "and still answers");
        }
    }

    // ----------------------------------------------------------------------------- retransmissions

    @Test
    void retransmittedRequestGetsTheCachedResponseByteForByte() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        long mid = expected(p);
        byte[] request = p.request(ExchangeType.INFORMATIONAL, List.of(
                new CpPayload(CpPayload.CFG_REQUEST, List.of())));
        long ok = h.gw.metrics.exchanges(ExchangeType.INFORMATIONAL, IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.OK);
        List<byte[]> first = h.exchange(request);
        List<byte[]> second = h.exchange(request);
        List<byte[]> third = h.exchange(request);
        assertEquals(1, first.size());
        assertArrayEquals(first.get(0), second.get(0), "RFC 7296 §2.1: the same octets");
        assertArrayEquals(first.get(0), third.get(0));
        assertEquals(ok + 1, h.gw.metrics.exchanges(ExchangeType.INFORMATIONAL, IkeMetrics.Role.RESPONDER,
                IkeMetrics.Outcome.OK), "processed once");
        assertEquals(mid + 1, expected(p));
    }

    @Test
    void retransmittedIkeAuthGetsTheCachedResponse() {
        ForgedPeer p = new ForgedPeer(h);
        p.init();
        byte[] auth = p.request(ExchangeType.IKE_AUTH, p.authPayloads());
        List<byte[]> first = h.exchange(auth);
        List<byte[]> again = h.exchange(auth);
        assertEquals(1, first.size());
        assertEquals(1, again.size());
        assertArrayEquals(first.get(0), again.get(0));
        assertEquals(2, expected(p));
    }

    @Test
    void fragmentedRequestRetransmissionOnlyOnFragmentOne() {
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        long mid = expected(p);
        byte[] content = concat(payload(41, concat(u8(0, 0), u16(16401), nonce(40))),
                payload(0, concat(u8(0, 0), u16(16401), nonce(40))));
        byte[] hdr = WireBytes.header(p.spiI, p.spiR, 0, 0x20, 37, IkeHeader.FLAG_INITIATOR, mid, 0);
        byte[] f1 = ProtectedBytes.skf(hdr, 41, 1, 2, Arrays.copyOf(content, 50), p.toGateway());
        byte[] f2 = ProtectedBytes.skf(hdr, 0, 2, 2, Arrays.copyOfRange(content, 50, content.length), p.toGateway());
        assertEquals(List.of(), h.exchange(f1), "partial");
        List<byte[]> answer = h.exchange(f2);
        assertEquals(1, answer.size());
        // RFC 7383 §2.6.1: only fragment 1 of a retransmitted request makes us resend
        assertEquals(List.of(), h.exchange(f2));
        List<byte[]> again = h.exchange(f1);
        assertEquals(1, again.size());
        assertArrayEquals(answer.get(0), again.get(0));
        assertEquals(mid + 1, expected(p));
    }

    @Test
    void unsolicitedResponseIsNeverAnswered() {
        // a response flagged message with a valid ICV answering nothing we asked: dropped, not answered
        ForgedPeer p = new ForgedPeer(h);
        p.establish();
        int before = h.net.sent.size();
        byte[] resp = MessageEncoder.protect(IkeHeader.of(p.spiI, p.spiR, ExchangeType.INFORMATIONAL, true, true, 0),
                List.of(), List.of(), p.toGateway());
        long drops = h.gw.metrics.drops(DropReason.UNEXPECTED_RESPONSE);
        assertEquals(List.of(), h.exchange(resp));
        assertEquals(drops + 1, h.gw.metrics.drops(DropReason.UNEXPECTED_RESPONSE));
        assertEquals(before, h.net.sent.size());
    }
}
