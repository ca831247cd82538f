package io.ikebana.dos.cookie;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets derived from one cluster master key: {@code secret(epoch) = HMAC-SHA-256(master,
 * "ikebana cookie secret v1" | epoch)}. Every member holding the master key computes the same
 * secrets without exchanging any, so any member validates any member's cookie and no key material
 * crosses the cluster network. Accepts the previous and, for clock skew between members, the next
 * epoch.
 */
public final class DerivedCookieSecretStore extends EpochCookieSecretStore {
    private static final byte[] LABEL = "ikebana cookie secret v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] master;

    /** @param masterKey at least 32 octets of shared secret; copied */
    public DerivedCookieSecretStore(byte[] masterKey, Clock clock, Duration rotation) {
        super(clock, rotation);
        if (masterKey.length < 32) {
            throw new IllegalArgumentException("master key must have at least 32 octets");
        }
        this.master = masterKey.clone();
    }

    @Override
    byte[] keyFor(long epoch) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            mac.update(LABEL);
            mac.update(ByteBuffer.allocate(8).putLong(epoch).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    boolean acceptsNextEpoch() {
        return true;
    }

    @Override
    CookieSecret previousWhenUnknown(long epoch) {
        return secret(epoch - 1);
    }

    /** Overwrites the master key. */
    public void destroy() {
        Arrays.fill(master, (byte) 0);
    }

    @Override
    public String toString() {
        return "DerivedCookieSecretStore[master=[redacted]]";
    }
}
