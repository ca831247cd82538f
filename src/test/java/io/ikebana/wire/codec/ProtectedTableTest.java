package io.ikebana.wire.codec;

import static io.ikebana.wire.WireBytes.concat;
import static io.ikebana.wire.WireBytes.hex;
import static io.ikebana.wire.WireBytes.ikeProposal;
import static io.ikebana.wire.WireBytes.nonce;
import static io.ikebana.wire.WireBytes.notifyBody;
import static io.ikebana.wire.WireBytes.payload;
import static io.ikebana.wire.WireBytes.payloadWithLength;
import static io.ikebana.wire.WireBytes.u16;
import static io.ikebana.wire.WireBytes.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.SkCipher;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.ProtectedBytes;
import io.ikebana.wire.Vectors;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.UnknownPayload;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Protected messages (RFC 7296 §3.14, RFC 5282, RFC 7383 §2.5-§2.6) through
 * {@link MessageDecoder#protectedMessage}: before the ICV verifies everything is a silent drop
 * with its reason; after it verifies, a syntax error is {@code ProtectedError(INVALID_SYNTAX)}
 * and an unknown critical payload {@code ProtectedError(UNSUPPORTED_CRITICAL_PAYLOAD)} carrying
 * the payload type (§2.5, §2.21.3). Keys: ikev2-core-checklist §18.3; vectors from
 * {@code gen_vectors.py}.
 */
class ProtectedTableTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final byte[] EMPTY = Vectors.load("sk_gcm256_informational_empty");
    static final byte[] DELETE = Vectors.load("sk_gcm256_informational_delete_esp");
    static final byte[] DELETE_CBC = Vectors.load("sk_cbc128_informational_delete_esp");
    static final byte[] FRAG1 = Vectors.load("skf_gcm256_fragment_1_of_2");
    static final byte[] FRAG2 = Vectors.load("skf_gcm256_fragment_2_of_2");

    static SkCipher gcm() {
        return new SkCipher(EncrAlgorithm.AES_GCM_16, IntegAlgorithm.NONE, hex(Vectors.SK_EI_GCM256), new byte[0], RANDOM);
    }

    static SkCipher gcmWrongDirection() {
        return new SkCipher(EncrAlgorithm.AES_GCM_16, IntegAlgorithm.NONE, hex(Vectors.SK_ER_GCM256), new byte[0], RANDOM);
    }

    static SkCipher cbc() {
        return new SkCipher(EncrAlgorithm.AES_CBC, IntegAlgorithm.HMAC_SHA2_256_128, hex(Vectors.SK_EI_CBC128),
                hex(Vectors.SK_AI_CBC128), RANDOM);
    }

    static FragmentAssembler assembler() {
        return new FragmentAssembler(64, 64 * 1024);
    }

    /** INFORMATIONAL request header (I flag) on the vector SPIs with this message ID. */
    static byte[] hdr(long mid) {
        return WireBytes.header(0x0011223344556677L, 0x8899aabbccddeeffL, 0, 0x20, 37, 0x08, mid, 0);
    }

    /** Authenticated content: sealed with the right key around whatever octets the row wants. */
    static byte[] sealed(int firstInner, byte[] content) {
        return ProtectedBytes.sk(hdr(5), new byte[0], firstInner, content, gcm());
    }

    static byte[] flip(byte[] m, int index) {
        byte[] c = m.clone();
        int i = index < 0 ? c.length + index : index;
        c[i] ^= 0x01;
        return c;
    }

    /** Cuts n octets off the end and fixes the SK and header lengths, so only the crypto objects. */
    static byte[] shortened(byte[] m, int n) {
        byte[] c = Arrays.copyOf(m, m.length - n);
        ProtectedBytes.setLength(c);
        int skLen = ((c[30] & 0xff) << 8 | (c[31] & 0xff)) - n;
        c[30] = (byte) (skLen >>> 8);
        c[31] = (byte) skLen;
        return c;
    }

    sealed interface Expect permits Drop, Error, Ok {
    }

    record Drop(DropReason reason) implements Expect {
    }

    record Error(NotifyType type, byte[] data) implements Expect {
        @Override
        public String toString() {
            return "ProtectedError(" + type + ")";
        }
    }

    record Ok(Function<IkeMessage, Boolean> check, String what) implements Expect {
        @Override
        public String toString() {
            return "Ok(" + what + ")";
        }
    }

    static Arguments row(String name, byte[] msg, SkCipher c, Expect e) {
        return Arguments.of(name, msg, c, e);
    }

    static Expect drop(DropReason r) {
        return new Drop(r);
    }

    static Expect syntax() {
        return new Error(NotifyType.INVALID_SYNTAX, new byte[0]);
    }

    static Stream<Arguments> rows() {
        byte[] delete = payload(0, concat(u8(3, 4), u16(1), hex("0000c001")));
        return Stream.of(
            // ------------------------------------------------------------- vectors decode
            row("vector: GCM empty INFORMATIONAL", EMPTY, gcm(), new Ok(m -> m.payloads().isEmpty(), "no payloads")),
            row("vector: GCM Delete ESP", DELETE, gcm(), new Ok(m ->
                    m.first(DeletePayload.class).espSpis().equals(List.of(0xc001)), "D(ESP c001)")),
            row("vector: CBC+HMAC Delete ESP", DELETE_CBC, cbc(), new Ok(m ->
                    m.first(DeletePayload.class).espSpis().equals(List.of(0xc001)), "D(ESP c001)")),

            // ------------------------------------------------------------- header (before anything)
            row("header: 27 octets", Arrays.copyOf(EMPTY, 27), gcm(), drop(DropReason.TRUNCATED)),
            row("header: length one more", lengthField(EMPTY, EMPTY.length + 1), gcm(), drop(DropReason.BAD_LENGTH)),
            row("header: trailing octet", concat(EMPTY, u8(0)), gcm(), drop(DropReason.BAD_LENGTH)),
            row("header: major version 3", set(EMPTY, 17, 0x30), gcm(), drop(DropReason.BAD_VERSION)),

            // ------------------------------------------------------------- not authenticated: silent drops
            row("ICV: last octet flipped (GCM)", flip(EMPTY, -1), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("ICV: last octet flipped (HMAC)", flip(DELETE_CBC, -1), cbc(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("AAD: message ID flipped", flip(DELETE, 23), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("AAD: flags flipped (response bit)", set(DELETE, 19, 0x28), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("AAD: SK next payload changed", set(DELETE, 28, 41), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("IV octet flipped", flip(DELETE, 33), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("ciphertext octet flipped (GCM)", flip(DELETE, 42), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("ciphertext octet flipped (CBC)", flip(DELETE_CBC, 50), cbc(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("key of the other direction (reflection)", DELETE, gcmWrongDirection(),
                    drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("SK body only IV + ICV (no Pad Length)", shortened(EMPTY, 1), gcm(),
                    drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("SK body shorter than IV + ICV", shortened(EMPTY, 10), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("SK body empty", shortened(EMPTY, 25), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("CBC ciphertext not a multiple of the block", shortened(DELETE_CBC, 1), cbc(),
                    drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("SK payload length past the message", skLength(DELETE, 42), gcm(), drop(DropReason.MALFORMED)),
            row("SK payload length 3", skLength(DELETE, 3), gcm(), drop(DropReason.MALFORMED)),
            row("SK not the last payload", skNotLast(), gcm(), drop(DropReason.MALFORMED)),
            row("no SK payload at all", WireBytes.message(0x0011223344556677L, 0x8899aabbccddeeffL, 41, 37, 0x08, 2,
                    payload(0, notifyBody(0, 0, 16384, new byte[0]))), gcm(), drop(DropReason.MALFORMED)),
            row("malformed clear payload before SK", clearBeforeSk(payloadWithLength(46, 0, 2, new byte[0])), gcm(),
                    drop(DropReason.MALFORMED)),
            row("bad Pad Length (authenticated, inconsistent)", ProtectedBytes.gcmRaw(hdr(5), 0, u8(1, 2, 3, 200),
                    hex(Vectors.SK_EI_GCM256), hex("0102030405060708")), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),

            // ------------------------------------------------------------- authenticated, bad inside
            row("inner: Nonce of 15 octets", sealed(40, payload(0, nonce(15))), gcm(), syntax()),
            row("inner: trailing octets", sealed(42, concat(delete, u8(0, 0, 0))), gcm(), syntax()),
            row("inner: payload length past the content", sealed(42, payloadWithLength(0, 0, 40, new byte[8])), gcm(),
                    syntax()),
            row("inner: payload length 2", sealed(42, payloadWithLength(0, 0, 2, new byte[8])), gcm(), syntax()),
            row("inner: duplicate SA", sealed(33, concat(payload(33, ikeProposal(true, 1)),
                    payload(0, ikeProposal(true, 1)))), gcm(), syntax()),
            row("inner: Delete count past the end", sealed(42, payload(0, concat(u8(3, 4), u16(3), hex("0000c001")))),
                    gcm(), syntax()),
            row("inner: Notify SPI size past the end", sealed(41, payload(0, notifyBody(3, 8, 16393, u8(1)))), gcm(),
                    syntax()),
            row("inner: TS count 0", sealed(44, payload(0, u8(0, 0, 0, 0))), gcm(), syntax()),
            row("inner: first type 0, content present", sealed(0, delete), gcm(), syntax()),
            row("inner: first type says Delete, content empty", sealed(42, new byte[0]), gcm(), syntax()),
            row("inner: SK nested in SK", sealed(46, payload(0, new byte[40])), gcm(), syntax()),
            row("inner: SKF nested in SK", sealed(53, payload(0, concat(u16(1), u16(1), new byte[40]))), gcm(), syntax()),
            row("inner: unknown critical 49", sealed(49, payload(0, true, u8(1))), gcm(),
                    new Error(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(49))),
            row("inner: unknown critical 200 (data unsigned)", sealed(200, concat(payload(42, true, new byte[0]), delete)),
                    gcm(), new Error(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(200))),
            row("clear: unknown critical before SK (authenticated)", clearBeforeSkSealed(), gcm(),
                    new Error(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, u8(49))),
            row("inner: unknown not critical is kept", sealed(49, concat(payload(42, u8(7)), delete)), gcm(),
                    new Ok(m -> m.payloads().size() == 2 && m.payloads().get(0) instanceof UnknownPayload u
                            && u.code() == 49 && !u.critical(), "unknown 49 + D")),

            // ------------------------------------------------------------- SKF numbers (RFC 7383 §2.6)
            row("SKF: fragment number 0", fragment(0, 2), gcm(), drop(DropReason.FRAGMENT_INVALID)),
            row("SKF: fragment number past the total", fragment(3, 2), gcm(), drop(DropReason.FRAGMENT_INVALID)),
            row("SKF: total 0", fragment(1, 0), gcm(), drop(DropReason.FRAGMENT_INVALID)),
            row("SKF: total above the limit (64)", fragment(1, 65), gcm(), drop(DropReason.FRAGMENT_INVALID)),
            row("SKF: total 65535", fragment(65535, 65535), gcm(), drop(DropReason.FRAGMENT_INVALID)),
            row("SKF: ICV flipped", flip(FRAG1, -1), gcm(), drop(DropReason.INTEGRITY_CHECK_FAILED)),
            row("SKF: one of two is partial", FRAG1, gcm(), null)
        );
    }

    static byte[] set(byte[] m, int at, int value) {
        byte[] c = m.clone();
        c[at] = (byte) value;
        return c;
    }

    static byte[] lengthField(byte[] m, long length) {
        byte[] c = m.clone();
        ProtectedBytes.setLength(c, length);
        return c;
    }

    static byte[] skLength(byte[] m, int length) {
        byte[] c = m.clone();
        c[30] = (byte) (length >>> 8);
        c[31] = (byte) length;
        return c;
    }

    /** The Delete vector with a Vendor ID payload appended after SK (header length fixed). */
    static byte[] skNotLast() {
        byte[] c = concat(DELETE, payload(0, u8(1, 2, 3, 4)));
        c[28] = 42;
        ProtectedBytes.setLength(c);
        return c;
    }

    static byte[] clearBeforeSk(byte[] clear) {
        byte[] h = hdr(2);
        h[16] = 43;
        return ProtectedBytes.sk(h, clear, 0, new byte[0], gcm());
    }

    static byte[] clearBeforeSkSealed() {
        byte[] h = hdr(2);
        h[16] = 49;
        return ProtectedBytes.sk(h, payload(46, true, u8(1, 2)), 0, new byte[0], gcm());
    }

    static byte[] fragment(int number, int total) {
        return ProtectedBytes.skf(hdr(9), number == 1 ? 41 : 0, number, total, new byte[8], gcm());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void protectedMessage(String name, byte[] msg, SkCipher cipher, Expect expect) {
        DecodeResult r = MessageDecoder.protectedMessage(msg.clone(), cipher, assembler());
        if (expect == null) {
            assertInstanceOf(DecodeResult.Partial.class, r);
        } else if (expect instanceof Drop d) {
            DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class, r);
            assertEquals(d.reason(), u.reason(), u.detail());
        } else if (expect instanceof Error e) {
            DecodeResult.ProtectedError p = assertInstanceOf(DecodeResult.ProtectedError.class, r);
            assertEquals(e.type(), p.error(), p.reason());
            assertArrayEquals(e.data(), p.data() == null ? new byte[0] : p.data());
        } else if (expect instanceof Ok ok) {
            IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, r).message();
            assertTrue(ok.check().apply(m), ok.what() + " in " + m.payloads());
            assertArrayEquals(msg, m.raw(), "raw is the message as received");
        }
    }

    // ------------------------------------------------------------------------ fragments

    @Test
    void fragmentsInOrder() {
        FragmentAssembler a = assembler();
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(FRAG1.clone(), gcm(), a));
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class,
                MessageDecoder.protectedMessage(FRAG2.clone(), gcm(), a)).message();
        NotifyPayload n = m.notify(NotifyType.COOKIE2);
        assertArrayEquals(hex("404142434445464748494a4b4c4d4e4f5051525354555657"), n.data());
        assertArrayEquals(FRAG1, m.raw(), "raw is fragment 1 (RFC 7383 §2.6.1: retransmission detection)");
    }

    @Test
    void fragmentsReversed() {
        FragmentAssembler a = assembler();
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(FRAG2.clone(), gcm(), a));
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class,
                MessageDecoder.protectedMessage(FRAG1.clone(), gcm(), a)).message();
        assertEquals(1, m.all(NotifyPayload.class).size());
    }

    @Test
    void duplicateFragmentIsDroppedBeforeDecryption() {
        FragmentAssembler a = assembler();
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(FRAG1.clone(), gcm(), a));
        DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class,
                MessageDecoder.protectedMessage(FRAG1.clone(), gcm(), a));
        assertEquals(DropReason.FRAGMENT_INVALID, u.reason());
        assertEquals("DUPLICATE", u.detail());
        assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.protectedMessage(FRAG2.clone(), gcm(), a));
    }

    @Test
    void forgedFragmentIsNotStored() {
        FragmentAssembler a = assembler();
        assertEquals(DropReason.INTEGRITY_CHECK_FAILED, assertInstanceOf(DecodeResult.UnprotectedError.class,
                MessageDecoder.protectedMessage(flip(FRAG1, 40), gcm(), a)).reason());
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(FRAG1.clone(), gcm(), a));
        assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.protectedMessage(FRAG2.clone(), gcm(), a));
    }

    @Test
    void fragmentWithoutAssemblerIsDropped() {
        DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class,
                MessageDecoder.protectedMessage(FRAG1.clone(), gcm(), null));
        assertEquals(DropReason.FRAGMENT_INVALID, u.reason());
    }

    @Test
    void fragmentsOverTheByteLimit() {
        FragmentAssembler a = new FragmentAssembler(64, 24);
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(FRAG1.clone(), gcm(), a));
        DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class,
                MessageDecoder.protectedMessage(FRAG2.clone(), gcm(), a));
        assertEquals(DropReason.FRAGMENT_LIMIT, u.reason());
        // the set was thrown away: fragment 2 alone does not complete anything
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(FRAG2.clone(), gcm(), a));
    }

    @Test
    void smallerTotalAfterLargerIsStale() {
        FragmentAssembler a = assembler();
        byte[] f1of3 = ProtectedBytes.skf(hdr(4), 41, 1, 3, new byte[4], gcm());
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(f1of3, gcm(), a));
        DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class,
                MessageDecoder.protectedMessage(FRAG2.clone(), gcm(), a));
        assertEquals("STALE", u.detail());
    }

    @Test
    void reassembledContentWithSyntaxErrorIsProtectedError() {
        FragmentAssembler a = assembler();
        byte[] inner = payload(0, nonce(15));
        byte[] f1 = ProtectedBytes.skf(hdr(6), 40, 1, 2, Arrays.copyOf(inner, 10), gcm());
        byte[] f2 = ProtectedBytes.skf(hdr(6), 0, 2, 2, Arrays.copyOfRange(inner, 10, inner.length), gcm());
        assertInstanceOf(DecodeResult.Partial.class, MessageDecoder.protectedMessage(f1, gcm(), a));
        DecodeResult.ProtectedError p = assertInstanceOf(DecodeResult.ProtectedError.class,
                MessageDecoder.protectedMessage(f2, gcm(), a));
        assertEquals(NotifyType.INVALID_SYNTAX, p.error());
    }

    @Test
    void protectedMessageMayBeDecryptedInPlaceButResultIsStable() {
        byte[] work = DELETE.clone();
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.protectedMessage(work, gcm(), null))
                .message();
        assertNull(m.first(UnknownPayload.class));
        assertEquals(List.of(0xc001), m.first(DeletePayload.class).espSpis());
    }
}
