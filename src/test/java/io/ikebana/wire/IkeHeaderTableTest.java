package io.ikebana.wire;

import static io.ikebana.wire.WireBytes.concat;
import static io.ikebana.wire.WireBytes.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.SaPayload;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IKE header (RFC 7296 §3.1, §2.5) against the datagram it came in: truncated headers,
 * length fields that disagree with the datagram, other major versions, unknown exchange types,
 * flags and fields read unsigned. Base message: the vector {@code ike_sa_init_request_x25519}.
 */
class IkeHeaderTableTest {

    static final byte[] BASE = Vectors.load("ike_sa_init_request_x25519");

    static byte[] with(int offset, int... values) {
        byte[] m = BASE.clone();
        for (int i = 0; i < values.length; i++) {
            m[offset + i] = (byte) values[i];
        }
        return m;
    }

    static byte[] withLength(byte[] m, long length) {
        byte[] c = m.clone();
        ProtectedBytes.setLength(c, length);
        return c;
    }

    static Arguments drop(String name, byte[] datagram, DropReason reason) {
        return Arguments.of(name, datagram, reason, null);
    }

    static Arguments ok(String name, byte[] datagram, Consumer<IkeMessage> check) {
        return Arguments.of(name, datagram, null, check);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            drop("empty datagram", new byte[0], DropReason.TRUNCATED),
            drop("1 octet", new byte[1], DropReason.TRUNCATED),
            drop("27 octets (header minus one)", Arrays.copyOf(BASE, 27), DropReason.TRUNCATED),
            drop("header cut mid-message, length says whole", Arrays.copyOf(BASE, 100), DropReason.BAD_LENGTH),
            drop("length field one more than the datagram", withLength(BASE, BASE.length + 1), DropReason.BAD_LENGTH),
            drop("length field one less than the datagram", withLength(BASE, BASE.length - 1), DropReason.BAD_LENGTH),
            drop("length field 0", withLength(BASE, 0), DropReason.BAD_LENGTH),
            drop("length field 28 (header only)", withLength(BASE, 28), DropReason.BAD_LENGTH),
            drop("length field 2^32-1 (read unsigned)", withLength(BASE, 0xffffffffL), DropReason.BAD_LENGTH),
            drop("trailing octet after the message, length unchanged", concat(BASE, new byte[1]), DropReason.BAD_LENGTH),
            drop("trailing octet after the message, length counts it", withLength(concat(BASE, new byte[1]),
                    BASE.length + 1), DropReason.MALFORMED),
            drop("major version 0", with(17, 0x00), DropReason.BAD_VERSION),
            drop("major version 1 (IKEv1)", with(17, 0x10), DropReason.BAD_VERSION),
            drop("major version 3", with(17, 0x30), DropReason.BAD_VERSION),
            drop("major version 15", with(17, 0xf0), DropReason.BAD_VERSION),
            drop("SPIi zero (RFC 7296 §3.1: MUST NOT be zero)", with(0, 0, 0, 0, 0, 0, 0, 0, 0), DropReason.MALFORMED),
            drop("first payload type points past the SA", with(16, 0x22), DropReason.MALFORMED),
            drop("first payload 0 with payloads following", with(16, 0), DropReason.MALFORMED),
            ok("minor version 1 is ignored", with(17, 0x21), m -> assertEquals(1, m.header().minorVersion())),
            ok("minor version 15 is ignored", with(17, 0x2f), m -> assertEquals(2, m.header().majorVersion())),
            ok("unknown exchange type 99 decodes, typed UNKNOWN", with(18, 99), m -> {
                assertEquals(ExchangeType.UNKNOWN, m.exchange());
                assertEquals(99, m.header().exchangeType());
            }),
            ok("exchange type 255 read unsigned", with(18, 255), m -> assertEquals(255, m.header().exchangeType())),
            ok("IKE_SESSION_RESUME (38) is unknown here", with(18, 38),
                    m -> assertEquals(ExchangeType.UNKNOWN, m.exchange())),
            ok("all flag bits set", with(19, 0xff), m -> {
                assertTrue(m.isResponse());
                assertTrue(m.header().isFromOriginalInitiator());
                assertEquals(0xff, m.header().flags());
            }),
            ok("message ID 2^32-1 read unsigned", with(20, 0xff, 0xff, 0xff, 0xff),
                    m -> assertEquals(0xffffffffL, m.messageId())),
            ok("SPIs with the top bit set read whole", with(0, 0x80, 0, 0, 0, 0, 0, 0, 1),
                    m -> assertEquals(0x8000000000000001L, m.header().spiI())),
            ok("the vector itself", BASE, m -> {
                assertEquals(ExchangeType.IKE_SA_INIT, m.exchange());
                assertEquals(7, m.payloads().size());
                assertEquals(1, m.first(SaPayload.class).proposals().size());
                assertArrayEquals(WireBytes.hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                        m.first(NoncePayload.class).data());
                assertEquals(4, m.all(NotifyPayload.class).size());
            })
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void plainMessage(String name, byte[] datagram, DropReason reason, Consumer<IkeMessage> check) {
        DecodeResult r = MessageDecoder.plain(datagram);
        if (reason != null) {
            DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class, r);
            assertEquals(reason, u.reason(), u.detail());
        } else {
            IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, r).message();
            assertArrayEquals(datagram, m.raw());
            check.accept(m);
        }
    }

    /** The engine's first look (before any lane) uses the same header check. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void checkHeader(String name, byte[] datagram, DropReason reason, Consumer<IkeMessage> check) {
        IkeHeader h = IkeHeader.decode(datagram, 0, datagram.length);
        DropReason got = MessageDecoder.checkHeader(h, datagram.length);
        if (reason == DropReason.TRUNCATED) {
            assertNull(h);
        }
        if (reason == null || reason == DropReason.MALFORMED && h != null && h.spiI() != 0) {
            assertNull(got, "header itself is fine");
        } else {
            assertEquals(reason, got);
        }
    }

    @Test
    void vectorHasProvenance() {
        assertTrue(Vectors.provenance("ike_sa_init_request_x25519").contains("RFC 7748"));
    }

    @Test
    void headerRoundTrip() {
        IkeHeader h = IkeHeader.decode(BASE, 0, BASE.length);
        WireWriter w = new WireWriter();
        h.encode(w);
        assertArrayEquals(Arrays.copyOf(BASE, 28), w.toByteArray());
        assertArrayEquals(header(0x0011223344556677L, 0, 33, 0x20, 34, 0x08, 0, BASE.length), w.toByteArray());
    }
}
