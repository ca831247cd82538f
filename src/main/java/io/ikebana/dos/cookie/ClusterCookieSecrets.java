package io.ikebana.dos.cookie;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cookie secrets shared by a cluster without sending any: the cookie master key is derived from
 * the cluster key with a label of its own, {@code master = HMAC-SHA-256(clusterKey, "ikebana cookie
 * master v1")} (the same one-step derivation as the SA record keys), and every epoch's secret is
 * derived from the master by {@link DerivedCookieSecretStore}. The raw cluster key is never used as
 * a cookie key, and a cookie key reveals nothing about the cluster key or the record keys.
 *
 * <p>Members with the same current cluster key compute the same secrets, so any member validates a
 * cookie any member issued. While a cluster key rotation is half done (members on different current
 * keys), a cookie from the other side is rejected as unknown and the client gets a fresh cookie: one
 * more round trip, nothing worse.
 */
public final class ClusterCookieSecrets {
    static final byte[] LABEL = "ikebana cookie master v1".getBytes(StandardCharsets.US_ASCII);

    private ClusterCookieSecrets() {
    }

    /** The cookie master key for a 32-octet (or longer) cluster key; the caller wipes the result. */
    public static byte[] masterKey(byte[] clusterKey) {
        if (clusterKey == null || clusterKey.length < 32) {
            throw new IllegalArgumentException("cluster key must have at least 32 octets");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clusterKey, "HmacSHA256"));
            return mac.doFinal(LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The secret store of a cluster member whose current cluster key is {@code clusterKey}. */
    public static DerivedCookieSecretStore store(byte[] clusterKey, Clock clock, Duration rotation) {
        byte[] master = masterKey(clusterKey);
        try {
            return new DerivedCookieSecretStore(master, clock, rotation);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }
}
