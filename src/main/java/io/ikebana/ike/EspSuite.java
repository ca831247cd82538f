package io.ikebana.ike;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;

/** The algorithms negotiated for an ESP Child SA; {@code pfs} is null without PFS. */
public record EspSuite(EncrAlgorithm encr, int encrKeyBits, IntegAlgorithm integ, boolean esn, DhGroup pfs) {

    public int encrKeyLength() {
        return encrKeyBits / 8 + encr.saltSize();
    }

    public int integKeyLength() {
        return encr.aead() ? 0 : integ.keySize();
    }

    @Override
    public String toString() {
        String e = encr == EncrAlgorithm.AES_GCM_16 ? "aes" + encrKeyBits + "gcm16" : "aes" + encrKeyBits;
        String i = encr.aead() ? "" : "-" + Names.integ(integ);
        return e + i + (esn ? "-esn" : "") + (pfs != null ? "-" + Names.dh(pfs) : "");
    }
}
