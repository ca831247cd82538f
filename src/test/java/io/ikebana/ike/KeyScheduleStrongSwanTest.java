package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.KeyExchange;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our key schedule reproduces, octet for octet, the keys strongSwan 5.9.8 derived in a real run
 * (see {@link StrongSwanKeys} for how they were captured): SKEYSEED and the seven IKE SA keys
 * (RFC 7296 §2.14), the KEYMAT of the first CHILD_SA (§2.17, no PFS) and of a CHILD_SA rekey with
 * PFS, and SKEYSEED and keys of an IKE SA rekey (§2.18). Suites: AES-GCM-16 and AES-CBC with
 * HMAC-SHA2, PRF-HMAC-SHA2-256/384/512, X25519, ECP-256, ECP-384, MODP-2048 and MODP-3072.
 */
class KeyScheduleStrongSwanTest {

    static Stream<StrongSwanKeys> captures() {
        return StrongSwanKeys.CASES.stream().map(StrongSwanKeys::load);
    }

    /** SKEYSEED = prf(Ni | Nr, g^ir); {SK_d | SK_ai | ... | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void ikeSaInitKeys(StrongSwanKeys s) {
        byte[] ni = s.hex("ni");
        byte[] nr = s.hex("nr");
        byte[] skeyseed = KeySchedule.skeyseed(s.prf(), ni, nr, s.hex("gir"));
        assertArrayEquals(s.hex("skeyseed"), skeyseed);
        assertIkeKeys(s, "", KeySchedule.ikeKeys(s.ikeSuite(), skeyseed, ni, nr, s.spi("spi_i"), s.spi("spi_r")));
    }

    /** The first CHILD_SA, from IKE_AUTH: KEYMAT = prf+(SK_d, Ni | Nr) with the IKE_SA_INIT nonces. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void childSaOfIkeAuthWithoutPfs(StrongSwanKeys s) {
        KeySchedule.ChildKeys k = KeySchedule.childKeys(s.prf(), s.hex("sk_d"), null, s.hex("ni"), s.hex("nr"),
                s.espSuite(null));
        assertChildKeys(s, "child1_", k);
    }

    /** CHILD_SA rekey with a new key exchange: KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void childSaRekeyWithPfs(StrongSwanKeys s) {
        KeySchedule.ChildKeys k = KeySchedule.childKeys(s.prf(), s.hex("sk_d"), s.hex("child2_gir"),
                s.hex("child2_ni"), s.hex("child2_nr"), s.espSuite(s.childRekeyPfs()));
        assertChildKeys(s, "child2_", k);
    }

    /**
     * IKE SA rekey: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), then the seven keys with the
     * new nonces and the new SPIs, the rekey initiator's SPI first.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void ikeSaRekey(StrongSwanKeys s) {
        byte[] ni = s.hex("rekey_ni");
        byte[] nr = s.hex("rekey_nr");
        byte[] skeyseed = KeySchedule.rekeySkeyseed(s.prf(), s.hex("sk_d"), s.hex("rekey_gir"), ni, nr);
        assertArrayEquals(s.hex("rekey_skeyseed"), skeyseed);
        assertIkeKeys(s, "rekey_", KeySchedule.ikeKeys(s.ikeSuite(), skeyseed, ni, nr, s.spi("rekey_spi_i"),
                s.spi("rekey_spi_r")));
    }

    /**
     * strongSwan's g^ir has the length our key exchange produces for the group (RFC 7296 §2.14:
     * MODP padded to the modulus; RFC 5903 §7: the x coordinate; RFC 8031: 32 octets), so the
     * same inputs reach the PRF.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void sharedSecretsHaveOurLength(StrongSwanKeys s) throws Exception {
        assertEquals(ourSecretLength(s.ikeSuite().dh()), s.hex("gir").length);
        assertEquals(ourSecretLength(s.ikeSuite().dh()), s.hex("rekey_gir").length);
        assertEquals(ourSecretLength(s.childRekeyPfs()), s.hex("child2_gir").length);
    }

    private static int ourSecretLength(DhGroup g) throws KeyExchange.InvalidPublicValueException {
        SecureRandom random = new SecureRandom();
        return g.generate(random).sharedSecret(g.generate(random).publicValue()).length;
    }

    private static void assertIkeKeys(StrongSwanKeys s, String prefix, KeySchedule.IkeKeys k) {
        assertArrayEquals(s.hex(prefix + "sk_d"), k.skD().bytes(), "SK_d");
        assertArrayEquals(s.hex(prefix + "sk_ai"), k.skAi().bytes(), "SK_ai");
        assertArrayEquals(s.hex(prefix + "sk_ar"), k.skAr().bytes(), "SK_ar");
        assertArrayEquals(s.hex(prefix + "sk_ei"), k.skEi().bytes(), "SK_ei");
        assertArrayEquals(s.hex(prefix + "sk_er"), k.skEr().bytes(), "SK_er");
        assertArrayEquals(s.hex(prefix + "sk_pi"), k.skPi().bytes(), "SK_pi");
        assertArrayEquals(s.hex(prefix + "sk_pr"), k.skPr().bytes(), "SK_pr");
    }

    private static void assertChildKeys(StrongSwanKeys s, String prefix, KeySchedule.ChildKeys k) {
        assertArrayEquals(s.hex(prefix + "enc_i"), k.encI(), "encryption initiator key");
        assertArrayEquals(s.hex(prefix + "integ_i"), k.integI(), "integrity initiator key");
        assertArrayEquals(s.hex(prefix + "enc_r"), k.encR(), "encryption responder key");
        assertArrayEquals(s.hex(prefix + "integ_r"), k.integR(), "integrity responder key");
    }
}
