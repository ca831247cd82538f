package io.ikebana.ike;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;

/** The algorithms negotiated for an IKE SA (one transform of each type, RFC 7296 §2.7). */
public record IkeSuite(EncrAlgorithm encr, int encrKeyBits, PrfAlgorithm prf, IntegAlgorithm integ, DhGroup dh) {

    /** SK_e length: key plus salt for AEAD (RFC 5282 §7.1). */
    public int encrKeyLength() {
        return encrKeyBits / 8 + encr.saltSize();
    }

    public int integKeyLength() {
        return encr.aead() ? 0 : integ.keySize();
    }

    /** strongSwan's notation, e.g. {@code aes256gcm16-prfsha256-x25519}. */
    @Override
    public String toString() {
        String e = (encr == EncrAlgorithm.AES_GCM_16 ? "aes" + encrKeyBits + "gcm16" : "aes" + encrKeyBits);
        String i = encr.aead() ? "" : "-" + Names.integ(integ);
        return e + i + "-" + Names.prf(prf) + "-" + Names.dh(dh);
    }
}
