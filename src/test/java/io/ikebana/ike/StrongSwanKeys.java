package io.ikebana.ike;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.KeyValueVectors;
import io.ikebana.crypto.PrfAlgorithm;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Known answers captured from a real strongSwan 5.9.8 run (initiator against responder, PSK, log
 * level 4): {@code src/test/resources/io/ikebana/ike/strongswan-keys-CASE.txt}, written by
 * {@code src/test/interop/capture-keys.sh} and {@code strongswan-keys.py}. Each holds one IKE_SA
 * (IKE_SA_INIT + IKE_AUTH with its first CHILD_SA), a CHILD_SA rekey with PFS and an IKE_SA rekey.
 */
public record StrongSwanKeys(String name, Map<String, String> values) {

    /** Named after the IKE proposal: encryption, PRF (and integrity), key exchange method. */
    public static final List<String> CASES = List.of("gcm256-sha256-x25519", "cbc128-sha256-ecp256",
            "cbc256-sha384-ecp384", "gcm128-sha512-modp3072");

    public static StrongSwanKeys load(String name) {
        return new StrongSwanKeys(name, KeyValueVectors.single("/io/ikebana/ike/strongswan-keys-" + name + ".txt"));
    }

    public byte[] hex(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + ": no " + key);
        }
        return KeyValueVectors.hex(v);
    }

    public long spi(String key) {
        return ByteBuffer.wrap(hex(key)).getLong();
    }

    public PrfAlgorithm prf() {
        return PrfAlgorithm.valueOf(values.get("prf"));
    }

    public IkeSuite ikeSuite() {
        return new IkeSuite(EncrAlgorithm.valueOf(values.get("encr")), Integer.parseInt(values.get("encr_bits")), prf(),
                IntegAlgorithm.valueOf(values.get("integ")), DhGroup.valueOf(values.get("dh")));
    }

    /** The ESP suite; {@code pfs} null for the CHILD_SA of IKE_AUTH. */
    public EspSuite espSuite(DhGroup pfs) {
        return new EspSuite(EncrAlgorithm.valueOf(values.get("esp_encr")), Integer.parseInt(values.get("esp_encr_bits")),
                IntegAlgorithm.valueOf(values.get("esp_integ")), false, pfs);
    }

    public DhGroup childRekeyPfs() {
        return DhGroup.valueOf(values.get("child2_pfs"));
    }

    @Override
    public String toString() {
        return name;
    }
}
