package io.ikebana.ike.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.ike.StrongSwanKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The octets an AUTH payload covers and PSK authentication (RFC 7296 §2.15):
 * <pre>
 *   InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI,  MACedIDForI = prf(SK_pi, IDType | RESERVED | InitIDData)
 *   AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <InitiatorSignedOctets>)
 * </pre>
 * against an independent computation and against both AUTH payloads of real strongSwan runs.
 */
class SignedOctetsTest {

    private static final byte[] MESSAGE = "IKE_SA_INIT request, as sent".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE = new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
    // ID payload body of ID_FQDN "client.example.org": type 2, three reserved octets, data
    private static final byte[] ID_BODY = concat(new byte[] {2, 0, 0, 0},
            "client.example.org".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] PSK = "test-psk-0123456789".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void signedOctetsAreMessageNonceAndMacedId(PrfAlgorithm prf) throws Exception {
        byte[] skP = new byte[prf.size()];
        Arrays.fill(skP, (byte) 0x42);
        byte[] octets = SignedOctets.of(MESSAGE, NONCE, prf, skP, ID_BODY);
        assertArrayEquals(concat(MESSAGE, NONCE, hmac(prf, skP, ID_BODY)), octets);
    }

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void pskAuthIsPrfOfPrfOfTheKeyPad(PrfAlgorithm prf) throws Exception {
        byte[] octets = concat(MESSAGE, NONCE);
        byte[] keyPad = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);
        byte[] want = hmac(prf, hmac(prf, PSK, keyPad), octets);
        byte[] got = SignedOctets.psk(prf, PSK, octets);
        assertArrayEquals(want, got);
        assertEquals(prf.size(), got.length);
        // neither the secret nor the signed octets may be changed without changing AUTH
        assertFalse(Arrays.equals(got, SignedOctets.psk(prf, "test-psk-0123456788".getBytes(StandardCharsets.US_ASCII),
                octets)));
        byte[] flipped = octets.clone();
        flipped[flipped.length - 1] ^= 1;
        assertFalse(Arrays.equals(got, SignedOctets.psk(prf, PSK, flipped)));
    }

    static Stream<StrongSwanKeys> captures() {
        return StrongSwanKeys.CASES.stream().map(StrongSwanKeys::load);
    }

    /**
     * strongSwan's initiator signs its IKE_SA_INIT request | Nr | prf(SK_pi, IDi') and checks the
     * responder's IKE_SA_INIT response | Ni | prf(SK_pr, IDr'); both AUTH values as sent on the wire.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void reproducesStrongSwanPskAuth(StrongSwanKeys s) {
        PrfAlgorithm prf = s.prf();
        byte[] octetsI = SignedOctets.of(s.hex("init_request"), s.hex("nr"), prf, s.hex("sk_pi"), s.hex("idi_body"));
        assertArrayEquals(s.hex("octets_i"), octetsI);
        assertArrayEquals(s.hex("auth_i"), SignedOctets.psk(prf, s.hex("psk"), octetsI));

        byte[] octetsR = SignedOctets.of(s.hex("init_response"), s.hex("ni"), prf, s.hex("sk_pr"), s.hex("idr_body"));
        assertArrayEquals(s.hex("octets_r"), octetsR);
        assertArrayEquals(s.hex("auth_r"), SignedOctets.psk(prf, s.hex("psk"), octetsR));
    }

    private static byte[] hmac(PrfAlgorithm p, byte[] key, byte[] data) throws Exception {
        String name = p == PrfAlgorithm.HMAC_SHA2_384 ? "HmacSHA384"
                : p == PrfAlgorithm.HMAC_SHA2_512 ? "HmacSHA512" : "HmacSHA256";
        Mac mac = Mac.getInstance(name);
        mac.init(new SecretKeySpec(key, name));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
