package io.ikebana.wire.codec;

import static io.ikebana.wire.WireBytes.concat;
import static io.ikebana.wire.WireBytes.deleteBody;
import static io.ikebana.wire.WireBytes.espProposal;
import static io.ikebana.wire.WireBytes.filled;
import static io.ikebana.wire.WireBytes.ikeGcmX25519Transforms;
import static io.ikebana.wire.WireBytes.ikeProposal;
import static io.ikebana.wire.WireBytes.ipv4Selector;
import static io.ikebana.wire.WireBytes.keyLength;
import static io.ikebana.wire.WireBytes.nonce;
import static io.ikebana.wire.WireBytes.notifyBody;
import static io.ikebana.wire.WireBytes.payload;
import static io.ikebana.wire.WireBytes.payloadWithLength;
import static io.ikebana.wire.WireBytes.proposal;
import static io.ikebana.wire.WireBytes.proposalWithLength;
import static io.ikebana.wire.WireBytes.selectorWithLength;
import static io.ikebana.wire.WireBytes.transform;
import static io.ikebana.wire.WireBytes.transformWithLength;
import static io.ikebana.wire.WireBytes.tsBody;
import static io.ikebana.wire.WireBytes.u16;
import static io.ikebana.wire.WireBytes.u32;
import static io.ikebana.wire.WireBytes.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.MalformedException;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.payload.AuthPayload;
import io.ikebana.wire.payload.CertPayload;
import io.ikebana.wire.payload.CertReqPayload;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.EapPayload;
import io.ikebana.wire.payload.IdPayload;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.PsPayload;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.Transform;
import io.ikebana.wire.payload.TsPayload;
import io.ikebana.wire.payload.UnknownPayload;
import io.ikebana.wire.payload.VendorPayload;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed-input table for every payload type and the generic payload chain (RFC 7296 §3.2 to
 * §3.16, RFC 7383 §2.5, RFC 8019 §8.2). Each row is one payload chain and its exact outcome:
 * a {@link MalformedException} with the reason the decoder gives, or the decoded payloads with
 * the fields that matter checked. Every row is also wrapped into an IKE_SA_INIT request and run
 * through {@link MessageDecoder#plain}: malformed rows must come back as an
 * {@code UnprotectedError(MALFORMED)} (a silent drop, nothing authenticated yet).
 */
class PayloadTableTest {

    static final int SA = 33;
    static final int KE = 34;
    static final int IDI = 35;
    static final int IDR = 36;
    static final int CERT = 37;
    static final int CERTREQ = 38;
    static final int AUTH = 39;
    static final int NONCE = 40;
    static final int N = 41;
    static final int D = 42;
    static final int V = 43;
    static final int TSI = 44;
    static final int TSR = 45;
    static final int SK = 46;
    static final int CP = 47;
    static final int EAP = 48;
    static final int SKF = 53;
    static final int PS = 54;

    /** What a row expects. */
    sealed interface Expect permits Malformed, Decoded, Encrypted {
    }

    /** The decoder refuses, and its reason contains this text. */
    record Malformed(String reason) implements Expect {
        @Override
        public String toString() {
            return "Malformed(" + reason + ")";
        }
    }

    /** The chain decodes; the check looks at the payloads. */
    record Decoded(String what, Consumer<List<Payload>> check) implements Expect {
        @Override
        public String toString() {
            return "Decoded(" + what + ")";
        }
    }

    /** The chain ends in SK/SKF: plaintext payloads before it, the encrypted part located. */
    record Encrypted(boolean fragment, int number, int total) implements Expect {
    }

    static Arguments row(String name, int first, byte[] chain, Expect e) {
        return Arguments.of(name, first, chain, e);
    }

    /** A chain of one payload of type {@code type}. */
    static Arguments one(String name, int type, byte[] body, Expect e) {
        return row(name, type, payload(0, body), e);
    }

    static Malformed malformed(String reason) {
        return new Malformed(reason);
    }

    static Decoded decoded(String what, Consumer<List<Payload>> check) {
        return new Decoded(what, check);
    }

    @SuppressWarnings("unchecked")
    static <T extends Payload> T only(List<Payload> ps, Class<T> type) {
        assertEquals(1, ps.size(), "payload count");
        return assertInstanceOf(type, ps.get(0));
    }

    static byte[] sa(byte[]... proposals) {
        return concat(proposals);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            // ---------------------------------------------------------------- generic chain (§3.2)
            row("chain: payload length 0", V, payloadWithLength(0, 0, 0, new byte[4]), malformed("payload length 0")),
            row("chain: payload length 3", V, payloadWithLength(0, 0, 3, new byte[4]), malformed("payload length 3")),
            row("chain: payload length past the end", V, payloadWithLength(0, 0, 12, new byte[4]),
                    malformed("payload length 12 with 8 left")),
            row("chain: header truncated (3 octets)", V, u8(0, 0, 4), malformed("payload header truncated")),
            row("chain: next payload but nothing left", V, payload(V, new byte[] {1}),
                    malformed("payload header truncated")),
            row("chain: trailing octets after the last payload", V, concat(payload(0, new byte[] {1}), u8(0, 0)),
                    malformed("2 octets after the last payload")),
            row("chain: one trailing octet", V, concat(payload(0, new byte[] {1}), u8(0)),
                    malformed("1 octets after the last payload")),
            row("chain: next payload 0 at once, octets left", 0, payload(0, new byte[] {1}),
                    malformed("5 octets after the last payload")),

            // ---------------------------------------------------------------- unknown payloads (§2.5)
            one("unknown 49 (GSPM) not critical: kept", 49, u8(1, 2, 3), decoded("unknown kept", ps -> {
                UnknownPayload u = only(ps, UnknownPayload.class);
                assertEquals(49, u.code());
                assertFalse(u.critical());
                assertArrayEquals(u8(1, 2, 3), u.body());
            })),
            row("unknown 49 critical: kept with the bit", 49, payload(0, true, u8(9)), decoded("critical kept", ps -> {
                UnknownPayload u = only(ps, UnknownPayload.class);
                assertEquals(49, u.code());
                assertTrue(u.critical());
            })),
            row("unknown 200 critical: type read unsigned", 200, payload(0, true, new byte[0]),
                    decoded("code 200", ps -> assertEquals(200, only(ps, UnknownPayload.class).code()))),
            row("unknown 255 critical, empty body", 255, payload(0, true, new byte[0]),
                    decoded("code 255", ps -> assertTrue(only(ps, UnknownPayload.class).critical()))),
            row("IKEv1 type 1 is unknown here", 1, payload(0, false, u8(0)),
                    decoded("code 1", ps -> assertEquals(1, only(ps, UnknownPayload.class).code()))),
            row("known payload with critical bit: bit ignored", NONCE, payload(0, true, nonce(16)),
                    decoded("nonce", ps -> assertEquals(16, only(ps, NoncePayload.class).data().length))),
            row("unknown payload length past the end", 49, payloadWithLength(0, 0x80, 40, new byte[4]),
                    malformed("payload length 40")),

            // ---------------------------------------------------------------- duplicates (single-instance)
            row("duplicate SA", SA, concat(payload(SA, sa(ikeProposal(true, 1))), payload(0, sa(ikeProposal(true, 1)))),
                    malformed("duplicate SA")),
            row("duplicate KE", KE, concat(payload(KE, concat(u16(31), u16(0), nonce(32))),
                    payload(0, concat(u16(31), u16(0), nonce(32)))), malformed("duplicate KE")),
            row("duplicate Nonce", NONCE, concat(payload(NONCE, nonce(32)), payload(0, nonce(32))),
                    malformed("duplicate NONCE")),
            row("duplicate IDi", IDI, concat(payload(IDI, concat(u8(2, 0, 0, 0), u8('a'))),
                    payload(0, concat(u8(2, 0, 0, 0), u8('b')))), malformed("duplicate IDI")),
            row("duplicate IDr", IDR, concat(payload(IDR, concat(u8(2, 0, 0, 0), u8('a'))),
                    payload(0, concat(u8(2, 0, 0, 0), u8('b')))), malformed("duplicate IDR")),
            row("duplicate AUTH", AUTH, concat(payload(AUTH, concat(u8(2, 0, 0, 0), nonce(32))),
                    payload(0, concat(u8(2, 0, 0, 0), nonce(32)))), malformed("duplicate AUTH")),
            row("duplicate TSi", TSI, concat(payload(TSI, tsBody(1, ipv4Selector("10.0.0.0", "10.0.0.255"))),
                    payload(0, tsBody(1, ipv4Selector("10.0.0.0", "10.0.0.255")))), malformed("duplicate TSI")),
            row("duplicate TSr", TSR, concat(payload(TSR, tsBody(1, ipv4Selector("10.0.0.0", "10.0.0.255"))),
                    payload(0, tsBody(1, ipv4Selector("10.0.0.0", "10.0.0.255")))), malformed("duplicate TSR")),
            row("duplicate CP", CP, concat(payload(CP, u8(1, 0, 0, 0)), payload(0, u8(1, 0, 0, 0))),
                    malformed("duplicate CP")),
            row("duplicate EAP", EAP, concat(payload(EAP, u8(1, 1, 0, 4)), payload(0, u8(1, 1, 0, 4))),
                    malformed("duplicate EAP")),
            row("duplicate PS", PS, concat(payload(PS, new byte[8]), payload(0, new byte[8])), malformed("duplicate PS")),
            row("duplicate SK", SK, concat(payload(SK, new byte[0]), payload(0, new byte[0])),
                    malformed("SK is not the last payload")),
            row("two Notify payloads are fine", N, concat(payload(N, notifyBody(0, 0, 16388, new byte[20])),
                    payload(0, notifyBody(0, 0, 16389, new byte[20]))), decoded("2 notifies",
                    ps -> assertEquals(2, ps.stream().filter(NotifyPayload.class::isInstance).count()))),
            row("two CERT payloads are fine", CERT, concat(payload(CERT, u8(4, 0x30)), payload(0, u8(4, 0x30))),
                    decoded("2 certs", ps -> assertEquals(2, ps.size()))),
            row("two Delete payloads are fine", D, concat(payload(D, deleteBody(3, 4, 1, u32(7))),
                    payload(0, deleteBody(3, 4, 1, u32(8)))), decoded("2 deletes", ps -> assertEquals(2, ps.size()))),
            row("IDi and IDr together are fine", IDI, concat(payload(IDR, concat(u8(2, 0, 0, 0), u8('a'))),
                    payload(0, concat(u8(2, 0, 0, 0), u8('b')))), decoded("IDi+IDr", ps -> {
                        assertTrue(((IdPayload) ps.get(0)).initiator());
                        assertFalse(((IdPayload) ps.get(1)).initiator());
                    })),

            // ---------------------------------------------------------------- SA (§3.3)
            one("SA: valid aes256gcm16-prfsha256-x25519", SA, sa(ikeProposal(true, 1)), decoded("1 proposal", ps -> {
                SaPayload s = only(ps, SaPayload.class);
                assertEquals(1, s.proposals().size());
                assertEquals(3, s.proposals().get(0).transforms().size());
                assertEquals(256, s.proposals().get(0).transforms().get(0).keyLength());
            })),
            one("SA: empty body", SA, new byte[0], malformed("SA: no proposals")),
            one("SA: proposal length 7", SA, proposalWithLength(0, 7, 1, 1, 0, 0, new byte[4]),
                    malformed("proposal: length 7")),
            one("SA: proposal length past the SA", SA, proposalWithLength(0, 60, 1, 1, 0, 3,
                    concat(ikeGcmX25519Transforms())), malformed("truncated")),
            one("SA: proposal length shorter than its transforms", SA, proposalWithLength(0, 16, 1, 1, 0, 3,
                    concat(ikeGcmX25519Transforms())), malformed("truncated")),
            one("SA: proposal bad last-substruc 1", SA, proposalWithLength(1, 8 + 28, 1, 1, 0, 3,
                    concat(ikeGcmX25519Transforms())), malformed("proposal: bad last-substruc 1")),
            one("SA: proposal bad last-substruc 3 (transform value)", SA, proposalWithLength(3, 8 + 28, 1, 1, 0, 3,
                    concat(ikeGcmX25519Transforms())), malformed("proposal: bad last-substruc 3")),
            one("SA: more proposals announced, none follows", SA, sa(ikeProposal(false, 1)),
                    malformed("last not marked")),
            one("SA: proposal after the last", SA, sa(ikeProposal(true, 1), ikeProposal(true, 2)),
                    malformed("SA: proposal after last")),
            one("SA: first proposal number 0", SA, sa(ikeProposal(true, 0)), malformed("proposal number 0")),
            one("SA: first proposal number 2", SA, sa(ikeProposal(true, 2)), malformed("proposal number 2")),
            one("SA: proposal numbers 1, 3", SA, sa(ikeProposal(false, 1), ikeProposal(true, 3)),
                    malformed("proposal number 3")),
            one("SA: proposal numbers 1, 2, 1", SA, sa(ikeProposal(false, 1), ikeProposal(false, 2),
                    ikeProposal(true, 1)), malformed("proposal number 1")),
            one("SA: proposal numbers 1, 1 (same number allowed)", SA, sa(ikeProposal(false, 1), ikeProposal(true, 1)),
                    decoded("2 proposals", ps -> assertEquals(2, only(ps, SaPayload.class).proposals().size()))),
            one("SA: proposal numbers 1, 2", SA, sa(ikeProposal(false, 1), ikeProposal(true, 2)),
                    decoded("2 proposals", ps -> assertEquals(2, only(ps, SaPayload.class).proposals().get(1).number()))),
            one("SA: SPI size past the proposal", SA, proposalWithLength(0, 8 + 28, 1, 3, 200, 3,
                    concat(ikeGcmX25519Transforms())), malformed("truncated")),
            one("SA: ESP proposal with SPI", SA, sa(espProposal(true, 1, 0x01020304)), decoded("ESP SPI", ps ->
                    assertEquals(0x01020304L, only(ps, SaPayload.class).proposals().get(0).spiAsLong()))),
            one("SA: transform count 4, 3 present", SA, proposal(true, 1, 1, new byte[0], 4, ikeGcmX25519Transforms()),
                    malformed("transform after last")),
            one("SA: transform count 2, 3 present", SA, proposal(true, 1, 1, new byte[0], 2, ikeGcmX25519Transforms()),
                    malformed("last transform not marked")),
            one("SA: transform count 0, 3 present", SA, proposal(true, 1, 1, new byte[0], 0, ikeGcmX25519Transforms()),
                    malformed("proposal: 28 trailing octets")),
            one("SA: transform count 1, last one not marked", SA, proposal(true, 1, 1, new byte[0], 1,
                    transform(false, 1, 20, keyLength(256))), malformed("last transform not marked")),
            one("SA: transform after the one marked last", SA, proposal(true, 1, 1, new byte[0], 2,
                    transform(true, 1, 20, keyLength(256)), transform(true, 2, 5)), malformed("transform after last")),
            one("SA: transform bad last-substruc 2", SA, proposal(true, 1, 1, new byte[0], 1,
                    transformWithLength(2, 8, 2, 5, new byte[0])), malformed("transform: bad last-substruc 2")),
            one("SA: transform length 7", SA, proposal(true, 1, 1, new byte[0], 1,
                    transformWithLength(0, 7, 2, 5, new byte[0])), malformed("transform: length 7")),
            one("SA: transform length past the proposal", SA, proposal(true, 1, 1, new byte[0], 1,
                    transformWithLength(0, 20, 2, 5, new byte[0])), malformed("truncated")),
            one("SA: TLV attribute length past the transform", SA, proposal(true, 1, 1, new byte[0], 1,
                    transform(true, 1, 20, concat(u16(0x0001), u16(10), u8(1, 2)))), malformed("truncated")),
            one("SA: TV attribute cut after its type", SA, proposal(true, 1, 1, new byte[0], 1,
                    transform(true, 1, 20, u16(0x800e))), malformed("truncated")),
            one("SA: attribute of one octet", SA, proposal(true, 1, 1, new byte[0], 1,
                    transform(true, 1, 20, u8(0x80))), malformed("truncated")),
            one("SA: Key Length twice", SA, proposal(true, 1, 1, new byte[0], 1,
                    transform(true, 1, 20, concat(keyLength(128), keyLength(256)))), malformed("duplicate key length")),
            one("SA: unknown TV attribute marks the transform", SA, proposal(true, 1, 1, new byte[0], 1,
                    transform(true, 1, 20, concat(keyLength(256), u16(0x8099), u16(1)))), decoded("unknown attribute",
                    ps -> assertTrue(only(ps, SaPayload.class).proposals().get(0).transforms().get(0).unknownAttribute()))),
            one("SA: TLV attribute skipped and marked", SA, proposal(true, 1, 1, new byte[0], 1,
                    transform(true, 1, 20, concat(u16(0x0005), u16(2), u8(1, 2)))), decoded("TLV", ps -> {
                        Transform t = only(ps, SaPayload.class).proposals().get(0).transforms().get(0);
                        assertTrue(t.unknownAttribute());
                        assertEquals(-1, t.keyLength());
                    })),

            // ---------------------------------------------------------------- KE (§3.4)
            one("KE: empty body", KE, new byte[0], malformed("truncated")),
            one("KE: 2 octets (group only)", KE, u16(31), malformed("truncated")),
            one("KE: 3 octets", KE, u8(0, 31, 0), malformed("truncated")),
            one("KE: no key data (length checked per group by crypto)", KE, concat(u16(31), u16(0)),
                    decoded("empty data", ps -> assertEquals(0, only(ps, KePayload.class).data().length))),
            one("KE: x25519 with 32 octets", KE, concat(u16(31), u16(0), nonce(32)), decoded("group 31", ps -> {
                KePayload k = only(ps, KePayload.class);
                assertEquals(31, k.group());
                assertEquals(32, k.data().length);
            })),
            one("KE: group read unsigned", KE, concat(u16(0xffff), u16(0), nonce(4)),
                    decoded("group 65535", ps -> assertEquals(65535, only(ps, KePayload.class).group()))),

            // ---------------------------------------------------------------- ID (§3.5)
            one("IDi: empty body", IDI, new byte[0], malformed("truncated")),
            one("IDi: 3 octets", IDI, u8(2, 0, 0), malformed("truncated")),
            one("IDi: no identification data", IDI, u8(2, 0, 0, 0), malformed("ID: empty identification data")),
            one("IDr: no identification data", IDR, u8(2, 0, 0, 0), malformed("ID: empty identification data")),
            one("IDi: reserved octets kept as received", IDI, concat(u8(2, 1, 2, 3), u8('g', 'w')), decoded("IDi", ps -> {
                IdPayload id = only(ps, IdPayload.class);
                assertTrue(id.initiator());
                assertArrayEquals(u8(1, 2, 3), id.reserved());
                assertArrayEquals(concat(u8(2, 1, 2, 3), u8('g', 'w')), id.body());
            })),

            // ---------------------------------------------------------------- CERT / CERTREQ (§3.6, §3.7)
            one("CERT: empty body", CERT, new byte[0], malformed("truncated")),
            one("CERT: encoding only", CERT, u8(4), decoded("empty data", ps ->
                    assertEquals(0, only(ps, CertPayload.class).data().length))),
            one("CERT: X.509 signature", CERT, concat(u8(4), u8(0x30, 0x03, 2, 1, 0)), decoded("cert", ps ->
                    assertEquals(4, only(ps, CertPayload.class).encoding()))),
            one("CERTREQ: empty body", CERTREQ, new byte[0], malformed("truncated")),
            one("CERTREQ: encoding and one SHA-1 hash", CERTREQ, concat(u8(4), new byte[20]), decoded("certreq", ps ->
                    assertEquals(20, only(ps, CertReqPayload.class).data().length))),

            // ---------------------------------------------------------------- AUTH (§3.8)
            one("AUTH: empty body", AUTH, new byte[0], malformed("truncated")),
            one("AUTH: method only, 3 octets", AUTH, u8(2, 0, 0), malformed("truncated")),
            one("AUTH: no authentication data", AUTH, u8(2, 0, 0, 0), malformed("AUTH: empty data")),
            one("AUTH: PSK with 32 octets", AUTH, concat(u8(2, 0, 0, 0), nonce(32)), decoded("psk", ps ->
                    assertEquals(AuthPayload.PSK, only(ps, AuthPayload.class).method()))),

            // ---------------------------------------------------------------- Nonce (§3.9)
            one("Nonce: empty", NONCE, new byte[0], malformed("Nonce: length 0")),
            one("Nonce: 15 octets", NONCE, nonce(15), malformed("Nonce: length 15")),
            one("Nonce: 16 octets", NONCE, nonce(16), decoded("16", ps -> assertEquals(16, only(ps, NoncePayload.class).data().length))),
            one("Nonce: 256 octets", NONCE, nonce(256), decoded("256", ps -> assertEquals(256, only(ps, NoncePayload.class).data().length))),
            one("Nonce: 257 octets", NONCE, nonce(257), malformed("Nonce: length 257")),

            // ---------------------------------------------------------------- Notify (§3.10)
            one("Notify: empty body", N, new byte[0], malformed("truncated")),
            one("Notify: 3 octets", N, u8(0, 0, 0x40), malformed("truncated")),
            one("Notify: SPI size 4, 2 octets present", N, notifyBody(3, 4, 16393, u8(1, 2)), malformed("truncated")),
            one("Notify: SPI size 255, nothing present", N, notifyBody(3, 255, 16393, new byte[0]), malformed("truncated")),
            one("Notify: SPI size 8 for a 4-octet remainder", N, notifyBody(1, 8, 44, u32(1)), malformed("truncated")),
            one("Notify: REKEY_SA with SPI", N, notifyBody(3, 4, 16393, u32(0xcafe)), decoded("rekey", ps -> {
                NotifyPayload n = only(ps, NotifyPayload.class);
                assertEquals(16393, n.notifyType());
                assertArrayEquals(u32(0xcafe), n.spi());
                assertEquals(0, n.data().length);
            })),
            one("Notify: INVALID_KE_PAYLOAD data", N, notifyBody(0, 0, 17, u16(31)), decoded("error", ps -> {
                NotifyPayload n = only(ps, NotifyPayload.class);
                assertTrue(n.isError());
                assertArrayEquals(u16(31), n.data());
            })),
            one("Notify: type read unsigned", N, notifyBody(0, 0, 0xffff, new byte[0]),
                    decoded("65535", ps -> assertEquals(65535, only(ps, NotifyPayload.class).notifyType()))),

            // ---------------------------------------------------------------- Delete (§3.11)
            one("Delete: empty body", D, new byte[0], malformed("truncated")),
            one("Delete: IKE with SPI size 8", D, deleteBody(1, 8, 0, new byte[0]), malformed("SPI size 8 for protocol 1")),
            one("Delete: IKE with SPI size 0 but 1 SPI", D, deleteBody(1, 0, 1, new byte[0]), malformed("IKE with SPIs")),
            one("Delete: ESP with SPI size 0", D, deleteBody(3, 0, 1, new byte[0]), malformed("SPI size 0 for protocol 3")),
            one("Delete: ESP with SPI size 8", D, deleteBody(3, 8, 1, new byte[8]), malformed("SPI size 8 for protocol 3")),
            one("Delete: AH with SPI size 16", D, deleteBody(2, 16, 1, new byte[16]), malformed("SPI size 16 for protocol 2")),
            one("Delete: ESP count 2, one SPI present", D, deleteBody(3, 4, 2, u32(7)), malformed("truncated")),
            one("Delete: ESP count 65535, one SPI present", D, deleteBody(3, 4, 65535, u32(7)), malformed("truncated")),
            one("Delete: ESP trailing octets", D, deleteBody(3, 4, 1, concat(u32(7), u8(0, 0))),
                    malformed("Delete: 2 trailing octets")),
            one("Delete: IKE trailing octets", D, deleteBody(1, 0, 0, u8(0)), malformed("Delete: 1 trailing octets")),
            one("Delete: IKE", D, deleteBody(1, 0, 0, new byte[0]), decoded("ike", ps ->
                    assertEquals(1, only(ps, DeletePayload.class).protocolId()))),
            one("Delete: ESP 2 SPIs", D, deleteBody(3, 4, 2, concat(u32(7), u32(0x80000001L))), decoded("esp", ps ->
                    assertEquals(List.of(7, 0x80000001), only(ps, DeletePayload.class).espSpis()))),

            // ---------------------------------------------------------------- Vendor ID (§3.12)
            one("Vendor: opaque", V, u8(1, 2, 3), decoded("vid", ps ->
                    assertArrayEquals(u8(1, 2, 3), only(ps, VendorPayload.class).data()))),

            // ---------------------------------------------------------------- TS (§3.13)
            one("TSi: empty body", TSI, new byte[0], malformed("truncated")),
            one("TSi: count 0", TSI, tsBody(0), malformed("TS: zero selectors")),
            one("TSr: count 0", TSR, tsBody(0, ipv4Selector("10.0.0.0", "10.0.0.255")), malformed("TS: zero selectors")),
            one("TSi: count 2, one selector", TSI, tsBody(2, ipv4Selector("10.0.0.0", "10.0.0.255")), malformed("truncated")),
            one("TSi: count 1, two selectors", TSI, tsBody(1, ipv4Selector("10.0.0.0", "10.0.0.255"),
                    ipv4Selector("10.0.1.0", "10.0.1.255")), malformed("TS: 16 trailing octets")),
            one("TSi: selector length 7", TSI, tsBody(1, selectorWithLength(7, 0, 7, 0, 65535, new byte[8])),
                    malformed("TS: length 7")),
            one("TSi: IPv4 selector length 24", TSI, tsBody(1, selectorWithLength(7, 0, 24, 0, 65535, new byte[16])),
                    malformed("TS: length 24 for type 7")),
            one("TSi: IPv4 selector length 12", TSI, tsBody(1, selectorWithLength(7, 0, 12, 0, 65535, new byte[4])),
                    malformed("TS: length 12 for type 7")),
            one("TSi: IPv6 selector length 16", TSI, tsBody(1, selectorWithLength(8, 0, 16, 0, 65535, new byte[8])),
                    malformed("TS: length 16 for type 8")),
            one("TSi: selector length past the payload", TSI, tsBody(1, selectorWithLength(7, 0, 40, 0, 65535,
                    new byte[8])), malformed("truncated")),
            one("TSi: unknown TS type 9 kept, skipped by policy", TSI, tsBody(1, selectorWithLength(9, 0, 12, 0, 0,
                    u32(0x0a000001L))), decoded("unknown type", ps -> {
                        TsPayload t = only(ps, TsPayload.class);
                        assertFalse(t.selectors().get(0).isKnownType());
                        // printing a decoded payload must never throw (logs, test output)
                        assertTrue(t.toString().contains("type 9"), t.toString());
                    })),
            one("TSi: IPv4 range", TSI, tsBody(1, ipv4Selector("10.0.0.0", "10.0.0.255")), decoded("v4", ps -> {
                TsPayload t = only(ps, TsPayload.class);
                assertTrue(t.initiator());
                assertEquals("10.0.0.0..10.0.0.255", t.selectors().get(0).toString());
            })),

            // ---------------------------------------------------------------- SK / SKF (§3.14, RFC 7383 §2.5)
            row("SK: not the last payload", SK, concat(payload(V, new byte[16]), payload(0, u8(1))),
                    malformed("SK is not the last payload")),
            row("SK: last, after a plaintext payload", V, concat(payload(SK, u8(1)), payload(N, new byte[16])),
                    new Encrypted(false, 0, 0)),
            row("SK: empty body is located (ICV check refuses it later)", SK, payload(N, new byte[0]),
                    new Encrypted(false, 0, 0)),
            row("SKF: body shorter than the fragment numbers", SKF, payload(0, u8(0, 1)), malformed("SKF too short")),
            row("SKF: not the last payload", SKF, concat(payload(V, concat(u16(1), u16(2), new byte[8])), payload(0, u8(1))),
                    malformed("SKF is not the last payload")),
            row("SKF: numbers read unsigned", SKF, payload(0, concat(u16(0xffff), u16(0xfffe), new byte[8])),
                    new Encrypted(true, 0xffff, 0xfffe)),

            // ---------------------------------------------------------------- CP (§3.15)
            one("CP: empty body", CP, new byte[0], malformed("truncated")),
            one("CP: attribute header cut", CP, concat(u8(1, 0, 0, 0), u16(1)), malformed("truncated")),
            one("CP: attribute length past the payload", CP, concat(u8(1, 0, 0, 0), u16(1), u16(4), u8(10, 0)),
                    malformed("truncated")),
            one("CP: attribute length 65535", CP, concat(u8(1, 0, 0, 0), u16(1), u16(0xffff)), malformed("truncated")),
            one("CP: request IPv4 address and DNS", CP, concat(u8(1, 0, 0, 0), u16(1), u16(0), u16(3), u16(0)),
                    decoded("2 attributes", ps -> {
                        CpPayload c = only(ps, CpPayload.class);
                        assertEquals(CpPayload.CFG_REQUEST, c.cfgType());
                        assertEquals(2, c.attributes().size());
                    })),
            one("CP: reserved top bit of the attribute type ignored", CP, concat(u8(2, 0, 0, 0), u16(0x8001), u16(4),
                    u8(10, 0, 0, 1)), decoded("type 1", ps -> assertEquals(1,
                    only(ps, CpPayload.class).attributes().get(0).type()))),

            // ---------------------------------------------------------------- EAP (§3.16)
            one("EAP: opaque", EAP, u8(1, 1, 0, 4), decoded("eap", ps -> assertEquals(4, only(ps, EapPayload.class).data().length))),

            // ---------------------------------------------------------------- PS (RFC 8019 §8.2)
            one("PS: empty", PS, new byte[0], malformed("PS: length 0")),
            one("PS: 6 octets", PS, new byte[6], malformed("PS: length 6")),
            one("PS: 33 octets", PS, new byte[33], malformed("PS: length 33")),
            one("PS: 4 x 8 octets", PS, filled(32, 1), decoded("ps", ps -> assertEquals(32, only(ps, PsPayload.class).data().length)))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void payloadChain(String name, int first, byte[] chain, Expect expect) {
        if (expect instanceof Malformed m) {
            MalformedException e = assertThrows(MalformedException.class,
                    () -> PayloadChain.decode(chain, 0, chain.length, first));
            assertTrue(e.getMessage().contains(m.reason()), "reason was: " + e.getMessage());
        } else if (expect instanceof Decoded d) {
            PayloadChain.Result r = PayloadChain.decode(chain, 0, chain.length, first);
            assertNull(r.encrypted());
            d.check().accept(r.payloads());
            // what we decoded, we can encode again (logs, retransmission caches, tests)
            PayloadChain.encode(new io.ikebana.wire.WireWriter(), r.payloads(), 0);
        } else if (expect instanceof Encrypted x) {
            PayloadChain.Result r = PayloadChain.decode(chain, 0, chain.length, first);
            assertEquals(x.fragment(), r.encrypted().fragment());
            assertEquals(x.number(), r.encrypted().fragmentNumber());
            assertEquals(x.total(), r.encrypted().totalFragments());
            assertEquals(chain.length, r.encrypted().end());
        }
    }

    /** The same rows as whole unprotected messages: the answer is a silent, counted drop. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void asUnprotectedMessage(String name, int first, byte[] chain, Expect expect) {
        byte[] msg = WireBytes.message(0x1122334455667788L, 0, first, 34, WireBytes.FLAG_I, 0, chain);
        DecodeResult r = MessageDecoder.plain(msg);
        if (expect instanceof Malformed m) {
            DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class, r);
            assertEquals(DropReason.MALFORMED, u.reason());
            assertTrue(u.detail().contains(m.reason()), "detail was: " + u.detail());
        } else if (expect instanceof Decoded d) {
            d.check().accept(assertInstanceOf(DecodeResult.Ok.class, r).message().payloads());
        } else {
            DecodeResult.UnprotectedError u = assertInstanceOf(DecodeResult.UnprotectedError.class, r);
            assertEquals(DropReason.MALFORMED, u.reason());
            assertEquals("unexpected SK", u.detail());
        }
    }
}
