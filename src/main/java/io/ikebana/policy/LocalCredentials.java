package io.ikebana.policy;

import io.ikebana.crypto.Secret;
import io.ikebana.ike.Identity;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Our own identity and how we prove it: a PSK (shared with the peer policy), or a certificate
 * chain (end entity first) and its private key.
 */
public record LocalCredentials(Identity id, AuthMethod auth, Secret psk, List<X509Certificate> chain,
        PrivateKey privateKey) {

    public LocalCredentials {
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    @Override
    public String toString() {
        return "LocalCredentials[" + id + ", " + auth + "]";
    }
}
