package io.ikebana.ike;

import static io.ikebana.wire.WireBytes.FLAG_I;
import static io.ikebana.wire.WireBytes.FLAG_R;
import static io.ikebana.wire.WireBytes.concat;
import static io.ikebana.wire.WireBytes.header;
import static io.ikebana.wire.WireBytes.ikeGcmX25519Transforms;
import static io.ikebana.wire.WireBytes.ikeProposal;
import static io.ikebana.wire.WireBytes.keyLength;
import static io.ikebana.wire.WireBytes.nonce;
import static io.ikebana.wire.WireBytes.payload;
import static io.ikebana.wire.WireBytes.payloadWithLength;
import static io.ikebana.wire.WireBytes.proposal;
import static io.ikebana.wire.WireBytes.proposalWithLength;
import static io.ikebana.wire.WireBytes.transform;
import static io.ikebana.wire.WireBytes.u16;
import static io.ikebana.wire.WireBytes.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.DhGroup;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.Vectors;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.SaPayload;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed IKE_SA_INIT requests through the real gateway engine (RFC 7296 §1.2, §2.5, §2.6,
 * §3.1): none of them creates a half-open SA. Most get no answer and a counted drop; the RFC's
 * unprotected answers (UNSUPPORTED_CRITICAL_PAYLOAD with the payload type, NO_PROPOSAL_CHOSEN,
 * INVALID_KE_PAYLOAD with the 2-octet group) carry SPIr = 0, the response flag, not the I flag,
 * and Message ID 0.
 */
class InitRequestTableTest {
    static EngineHarness h;
    static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void start() {
        h = new EngineHarness();
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

    /** What each row builds from: a fresh SPIi and a fresh X25519 public value. */
    record Ctx(long spiI, byte[] pub) {
        byte[] sa() {
            return payload(34, ikeProposal(true, 1));
        }

        byte[] ke(int next) {
            return payload(next, concat(u16(31), u16(0), pub));
        }

        byte[] ni() {
            return payload(0, nonce(32));
        }

        /** SA, KE, Ni. */
        byte[] chain() {
            return concat(sa(), ke(40), ni());
        }

        byte[] msg(int first, byte[] chain) {
            return concat(header(spiI, 0, first, 0x20, 34, FLAG_I, 0, 28 + chain.length), chain);
        }

        byte[] valid() {
            return msg(33, chain());
        }

        byte[] withHeader(int version, int exchange, int flags, long spiR, long mid) {
            byte[] c = chain();
            return concat(header(spiI, spiR, 33, version, exchange, flags, mid, 28 + c.length), c);
        }
    }

    static Ctx ctx() {
        return new Ctx(0x1000000000000000L | (RANDOM.nextLong() >>> 4), DhGroup.CURVE25519.generate(RANDOM).publicValue());
    }

    record Expect(DropReason drop, NotifyType answer, byte[] data) {
        @Override
        public String toString() {
            return drop != null ? "drop " + drop : "answer " + answer;
        }
    }

    static Arguments drop(String name, Function<Ctx, byte[]> build, DropReason reason) {
        return Arguments.of(name, build, new Expect(reason, null, null));
    }

    static Arguments answer(String name, Function<Ctx, byte[]> build, NotifyType type, byte[] data) {
        return Arguments.of(name, build, new Expect(null, type, data));
    }

    static byte[] sa(byte[] body) {
        return payload(34, body);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            // ------------------------------------------------------------- header
            drop("truncated header (20 octets)", c -> Arrays.copyOf(c.valid(), 20), DropReason.TRUNCATED),
            drop("length field past the datagram", c -> {
                byte[] m = c.valid();
                m[27]++;
                return m;
            }, DropReason.BAD_LENGTH),
            drop("trailing octets, length unchanged", c -> concat(c.valid(), new byte[4]), DropReason.BAD_LENGTH),
            drop("trailing octets counted in the length", c -> c.msg(33, concat(c.chain(), new byte[4])),
                    DropReason.MALFORMED),
            drop("major version 3 (no INVALID_MAJOR_VERSION sent)", c -> c.withHeader(0x30, 34, FLAG_I, 0, 0),
                    DropReason.BAD_VERSION),
            drop("major version 1", c -> c.withHeader(0x10, 34, FLAG_I, 0, 0), DropReason.BAD_VERSION),
            drop("unknown exchange type 99", c -> c.withHeader(0x20, 99, FLAG_I, 0, 0), DropReason.UNKNOWN_SPI),
            drop("response flag set", c -> c.withHeader(0x20, 34, FLAG_I | FLAG_R, 0, 0), DropReason.UNEXPECTED_RESPONSE),
            drop("I flag clear", c -> c.withHeader(0x20, 34, 0, 0, 0), DropReason.STATE_MISMATCH),
            drop("SPIr not zero", c -> c.withHeader(0x20, 34, FLAG_I, 0x77, 0), DropReason.STATE_MISMATCH),
            drop("message ID 1", c -> c.withHeader(0x20, 34, FLAG_I, 0, 1), DropReason.UNEXPECTED_MESSAGE_ID),
            drop("SPIi zero", c -> new Ctx(0, c.pub()).valid(), DropReason.MALFORMED),

            // ------------------------------------------------------------- payload chain
            drop("payload length past the end", c -> c.msg(33, concat(c.sa(), c.ke(40),
                    payloadWithLength(0, 0, 60, nonce(32)))), DropReason.MALFORMED),
            drop("payload length 3", c -> c.msg(33, concat(c.sa(), c.ke(40), payloadWithLength(0, 0, 3, nonce(32)))),
                    DropReason.MALFORMED),
            drop("duplicate SA", c -> c.msg(33, concat(payload(33, ikeProposal(true, 1)), c.chain())),
                    DropReason.MALFORMED),
            drop("duplicate KE", c -> c.msg(33, concat(c.sa(), c.ke(34), c.ke(40), c.ni())), DropReason.MALFORMED),
            drop("duplicate Nonce", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(40, nonce(32)), c.ni())),
                    DropReason.MALFORMED),
            drop("Nonce of 15 octets", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(0, nonce(15)))),
                    DropReason.MALFORMED),
            drop("Nonce of 257 octets", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(0, nonce(257)))),
                    DropReason.MALFORMED),
            drop("no KE", c -> c.msg(33, concat(payload(40, ikeProposal(true, 1)), c.ni())), DropReason.MALFORMED),
            drop("no SA", c -> c.msg(34, concat(c.ke(40), c.ni())), DropReason.MALFORMED),
            drop("no Nonce", c -> c.msg(33, concat(c.sa(), c.ke(0))), DropReason.MALFORMED),
            drop("no payloads at all", c -> c.msg(0, new byte[0]), DropReason.MALFORMED),
            drop("SA: first proposal number 0", c -> c.msg(33, concat(sa(ikeProposal(true, 0)), c.ke(40), c.ni())),
                    DropReason.MALFORMED),
            drop("SA: attribute past the transform", c -> c.msg(33, concat(sa(proposal(true, 1, 1, new byte[0], 1,
                    transform(true, 1, 20, concat(u16(1), u16(9), u8(1))))), c.ke(40), c.ni())), DropReason.MALFORMED),
            drop("SA: proposal bad last-substruc", c -> c.msg(33, concat(sa(proposalWithLength(1, 36, 1, 1, 0, 3,
                    concat(ikeGcmX25519Transforms()))), c.ke(40), c.ni())), DropReason.MALFORMED),
            drop("SA: transform count mismatch", c -> c.msg(33, concat(sa(proposal(true, 1, 1, new byte[0], 4,
                    ikeGcmX25519Transforms())), c.ke(40), c.ni())), DropReason.MALFORMED),
            drop("KE: no key data", c -> c.msg(33, concat(c.sa(), payload(40, concat(u16(31), u16(0))), c.ni())),
                    DropReason.MALFORMED),
            drop("KE: 31 octets for x25519", c -> c.msg(33, concat(c.sa(), payload(40, concat(u16(31), u16(0),
                    Arrays.copyOf(c.pub(), 31))), c.ni())), DropReason.MALFORMED),
            drop("KE: x25519 small-order point (all zero)", c -> c.msg(33, concat(c.sa(), payload(40, concat(u16(31),
                    u16(0), new byte[32])), c.ni())), DropReason.MALFORMED),
            drop("KE: body of 2 octets", c -> c.msg(33, concat(c.sa(), payload(40, u16(31)), c.ni())),
                    DropReason.MALFORMED),
            drop("SK payload in IKE_SA_INIT", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(46, nonce(32)),
                    payload(0, new byte[40]))), DropReason.MALFORMED),
            drop("Notify with SPI size past the end", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(41, nonce(32)),
                    payload(0, concat(u8(3, 9), u16(16393), u8(1, 2))))), DropReason.MALFORMED),
            drop("Notify body of 3 octets", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(41, nonce(32)),
                    payload(0, u8(0, 0, 1)))), DropReason.MALFORMED),
            drop("TSi with count 0", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(44, nonce(32)),
                    payload(0, u8(0, 0, 0, 0)))), DropReason.MALFORMED),
            drop("Delete with trailing octets", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(42, nonce(32)),
                    payload(0, concat(u8(1, 0), u16(0), u8(9))))), DropReason.MALFORMED),
            drop("PS of 6 octets", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(54, nonce(32)),
                    payload(0, new byte[6]))), DropReason.MALFORMED),
            drop("CP attribute past the payload", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(47, nonce(32)),
                    payload(0, concat(u8(1, 0, 0, 0), u16(1), u16(8))))), DropReason.MALFORMED),
            drop("unknown critical payload after a malformed one", c -> c.msg(33, concat(c.sa(), c.ke(40),
                    payload(49, nonce(15)), payload(0, true, u8(1)))), DropReason.MALFORMED),

            // ------------------------------------------------------------- the RFC's unprotected answers
            answer("unknown critical payload 49", c -> c.msg(33, concat(c.sa(), c.ke(40), payload(49, nonce(32)),
                    payload(0, true, u8(1, 2, 3)))), NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(49)),
            answer("unknown critical payload 200 (type unsigned)", c -> c.msg(200, concat(payload(33, true, u8(7)),
                    c.chain())), NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(200)),
            answer("unknown critical payload without SA/KE/Ni", c -> c.msg(49, payload(0, true, new byte[0])),
                    NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(49)),
            answer("only algorithms we do not do (3DES, PRF SHA-1, MODP 1024)", c -> c.msg(33, concat(
                    sa(proposal(true, 1, 1, new byte[0], 3, transform(false, 1, 3), transform(false, 2, 2),
                            transform(true, 4, 2))), c.ke(40), c.ni())), NotifyType.NO_PROPOSAL_CHOSEN, new byte[0]),
            answer("ESP proposal in IKE_SA_INIT", c -> c.msg(33, concat(sa(proposal(true, 1, 3, new byte[0], 3,
                    ikeGcmX25519Transforms())), c.ke(40), c.ni())), NotifyType.NO_PROPOSAL_CHOSEN, new byte[0]),
            answer("proposal with an unknown transform type", c -> c.msg(33, concat(sa(proposal(true, 1, 1,
                    new byte[0], 4, transform(false, 1, 20, keyLength(256)), transform(false, 2, 5),
                    transform(false, 4, 31), transform(true, 9, 1))), c.ke(40), c.ni())),
                    NotifyType.NO_PROPOSAL_CHOSEN, new byte[0]),
            answer("AES-GCM without Key Length", c -> c.msg(33, concat(sa(proposal(true, 1, 1, new byte[0], 3,
                    transform(false, 1, 20), transform(false, 2, 5), transform(true, 4, 31))), c.ke(40), c.ni())),
                    NotifyType.NO_PROPOSAL_CHOSEN, new byte[0]),
            answer("KE of ECP-256 for an x25519-only proposal", c -> c.msg(33, concat(c.sa(),
                    payload(40, concat(u16(19), u16(0), new byte[64])), c.ni())), NotifyType.INVALID_KE_PAYLOAD,
                    u16(31)),
            answer("KE of an unknown group 1234", c -> c.msg(33, concat(c.sa(), payload(40, concat(u16(1234), u16(0),
                    new byte[32])), c.ni())), NotifyType.INVALID_KE_PAYLOAD, u16(31)),
            answer("KE of MODP-2048 for an x25519-only proposal", c -> c.msg(33, concat(c.sa(),
                    payload(40, concat(u16(14), u16(0), new byte[256])), c.ni())), NotifyType.INVALID_KE_PAYLOAD,
                    u16(31))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void noHalfOpenState(String name, Function<Ctx, byte[]> build, Expect expect) {
        Ctx c = ctx();
        byte[] request = build.apply(c);
        int halfOpen = h.gateway().halfOpenCount();
        int established = h.gw.store.size();
        long drops = expect.drop() == null ? 0 : h.gw.metrics.drops(expect.drop());

        List<byte[]> answer = h.exchange(request);

        assertEquals(halfOpen, h.gateway().halfOpenCount(), "no half-open SA");
        assertEquals(established, h.gw.store.size(), "no IKE SA");
        if (expect.drop() != null) {
            assertEquals(List.of(), answer, "no answer");
            assertEquals(drops + 1, h.gw.metrics.drops(expect.drop()), "counted as " + expect.drop()
                    + ", counters " + h.gw.metrics.snapshot());
            return;
        }
        assertEquals(1, answer.size(), "one answer");
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.plain(answer.get(0))).message();
        IkeHeader rh = m.header();
        assertEquals(c.spiI(), rh.spiI(), "SPIi copied");
        assertEquals(0, rh.spiR(), "SPIr = 0 in a stateless error (RFC 7296 §2.6)");
        assertEquals(ExchangeType.IKE_SA_INIT, m.exchange());
        assertEquals(IkeHeader.FLAG_RESPONSE, rh.flags(), "response flag only (we are not the original initiator)");
        assertEquals(0, rh.messageId(), "same message ID");
        assertEquals(2, rh.majorVersion());
        assertEquals(1, m.payloads().size());
        NotifyPayload n = assertInstanceOf(NotifyPayload.class, m.payloads().get(0));
        assertEquals(expect.answer().code(), n.notifyType());
        assertEquals(0, n.protocolId());
        assertEquals(0, n.spi().length);
        assertArrayEquals(expect.data(), n.data());
    }

    // ----------------------------------------------------------------- positive controls

    @Test
    void validRequestCreatesOneHalfOpenAndRetransmissionGetsTheSameBytes() {
        Ctx c = ctx();
        byte[] request = c.valid();
        int before = h.gateway().halfOpenCount();
        List<byte[]> first = h.exchange(request);
        assertEquals(1, first.size());
        assertEquals(before + 1, h.gateway().halfOpenCount());
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.plain(first.get(0))).message();
        assertNotEquals(0, m.header().spiR(), "fresh SPIr");
        assertEquals(IkeHeader.FLAG_RESPONSE, m.header().flags());
        assertNotNull(m.first(SaPayload.class));
        assertEquals(31, m.first(KePayload.class).group());

        // RFC 7296 §2.1: a retransmitted IKE_SA_INIT gets the same response, no second SA
        List<byte[]> again = h.exchange(request);
        assertEquals(1, again.size());
        assertArrayEquals(first.get(0), again.get(0));
        assertEquals(before + 1, h.gateway().halfOpenCount());
    }

    @Test
    void unknownNonCriticalPayloadIsSkipped() {
        Ctx c = ctx();
        int before = h.gateway().halfOpenCount();
        List<byte[]> answer = h.exchange(c.msg(33, concat(c.sa(), c.ke(40), payload(49, nonce(32)),
                payload(0, false, u8(1, 2, 3)))));
        assertEquals(1, answer.size());
        assertEquals(before + 1, h.gateway().halfOpenCount());
        assertNotNull(assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.plain(answer.get(0))).message()
                .first(SaPayload.class));
    }

    @Test
    void minorVersionIsIgnored() {
        Ctx c = ctx();
        int before = h.gateway().halfOpenCount();
        assertEquals(1, h.exchange(c.withHeader(0x21, 34, FLAG_I, 0, 0)).size());
        assertEquals(before + 1, h.gateway().halfOpenCount());
    }

    @Test
    void ikeProposalWithAnSpiIsRefused() {
        // RFC 7296 §3.3.1: the SPI Size of an IKE_SA_INIT proposal is 0; such a proposal cannot be chosen
        Ctx c = ctx();
        int before = h.gateway().halfOpenCount();
        List<byte[]> answer = h.exchange(c.msg(33, concat(sa(proposal(true, 1, 1, WireBytes.u64(1), 3,
                ikeGcmX25519Transforms())), c.ke(40), c.ni())));
        assertEquals(1, answer.size());
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.plain(answer.get(0))).message();
        assertEquals(0, m.header().spiR());
        assertTrue(m.hasNotify(NotifyType.NO_PROPOSAL_CHOSEN));
        assertEquals(before, h.gateway().halfOpenCount());
    }

    @Test
    void vectorIsAccepted() {
        byte[] v = Vectors.load("ike_sa_init_request_x25519");
        int before = h.gateway().halfOpenCount();
        List<byte[]> answer = h.exchange(v);
        assertEquals(1, answer.size());
        assertEquals(before + 1, h.gateway().halfOpenCount());
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.plain(answer.get(0))).message();
        assertEquals(0x0011223344556677L, m.header().spiI());
        assertTrue(m.hasNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
        assertTrue(m.hasNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS));
    }
}
