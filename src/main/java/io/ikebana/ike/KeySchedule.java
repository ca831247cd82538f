package io.ikebana.ike;

import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.crypto.Secret;
import java.nio.ByteBuffer;

/** Key derivation of RFC 7296 §2.13, §2.14, §2.17 and §2.18. */
public final class KeySchedule {

    /** SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr. */
    public record IkeKeys(Secret skD, Secret skAi, Secret skAr, Secret skEi, Secret skEr, Secret skPi, Secret skPr) {
    }

    /** KEYMAT split of §2.17: "i" is the initiator of the exchange that created the Child SA. */
    public record ChildKeys(byte[] encI, byte[] integI, byte[] encR, byte[] integR) {
        @Override
        public String toString() {
            return "ChildKeys[redacted]";
        }
    }

    private KeySchedule() {
    }

    /** SKEYSEED = prf(Ni | Nr, g^ir) (§2.14). */
    public static byte[] skeyseed(PrfAlgorithm prf, byte[] ni, byte[] nr, byte[] gir) {
        byte[] key = new byte[ni.length + nr.length];
        System.arraycopy(ni, 0, key, 0, ni.length);
        System.arraycopy(nr, 0, key, ni.length, nr.length);
        return prf.prf(key, gir);
    }

    /** SKEYSEED for a rekeyed IKE SA = prf(SK_d(old), g^ir(new) | Ni | Nr) (§2.18). */
    public static byte[] rekeySkeyseed(PrfAlgorithm oldPrf, byte[] oldSkD, byte[] gir, byte[] ni, byte[] nr) {
        return oldPrf.prf(oldSkD, gir, ni, nr);
    }

    public static IkeKeys ikeKeys(IkeSuite suite, byte[] skeyseed, byte[] ni, byte[] nr, long spiI, long spiR) {
        int prfLen = suite.prf().size();
        int integ = suite.integKeyLength();
        int encr = suite.encrKeyLength();
        int total = prfLen * 3 + integ * 2 + encr * 2;
        ByteBuffer seed = ByteBuffer.allocate(ni.length + nr.length + 16);
        seed.put(ni).put(nr).putLong(spiI).putLong(spiR);
        byte[] km = suite.prf().prfPlus(skeyseed, seed.array(), total);
        int p = 0;
        Secret skD = Secret.copyOf(km, p, prfLen);
        p += prfLen;
        Secret skAi = Secret.copyOf(km, p, integ);
        p += integ;
        Secret skAr = Secret.copyOf(km, p, integ);
        p += integ;
        Secret skEi = Secret.copyOf(km, p, encr);
        p += encr;
        Secret skEr = Secret.copyOf(km, p, encr);
        p += encr;
        Secret skPi = Secret.copyOf(km, p, prfLen);
        p += prfLen;
        Secret skPr = Secret.copyOf(km, p, prfLen);
        java.util.Arrays.fill(km, (byte) 0);
        return new IkeKeys(skD, skAi, skAr, skEi, skEr, skPi, skPr);
    }

    /** KEYMAT = prf+(SK_d, [g^ir |] Ni | Nr), split encr(i) | integ(i) | encr(r) | integ(r) (§2.17). */
    public static ChildKeys childKeys(PrfAlgorithm prf, byte[] skD, byte[] gir, byte[] ni, byte[] nr, EspSuite suite) {
        int e = suite.encrKeyLength();
        int a = suite.integKeyLength();
        int girLen = gir == null ? 0 : gir.length;
        byte[] seed = new byte[girLen + ni.length + nr.length];
        if (gir != null) {
            System.arraycopy(gir, 0, seed, 0, girLen);
        }
        System.arraycopy(ni, 0, seed, girLen, ni.length);
        System.arraycopy(nr, 0, seed, girLen + ni.length, nr.length);
        byte[] km = prf.prfPlus(skD, seed, 2 * (e + a));
        byte[] encI = java.util.Arrays.copyOfRange(km, 0, e);
        byte[] integI = java.util.Arrays.copyOfRange(km, e, e + a);
        byte[] encR = java.util.Arrays.copyOfRange(km, e + a, 2 * e + a);
        byte[] integR = java.util.Arrays.copyOfRange(km, 2 * e + a, 2 * (e + a));
        java.util.Arrays.fill(km, (byte) 0);
        return new ChildKeys(encI, integI, encR, integR);
    }
}
