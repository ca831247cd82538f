package io.ikebana.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;

/**
 * {@code Cipher} and {@code Mac} instances for objects that live as long as an SA (each ESP SA
 * holds its own), and per-thread digests. {@code Cipher.getInstance(String)} chooses the
 * provider lazily and keeps the candidate list it searched in every instance (~600 octets per ESP
 * SA pair) besides searching every provider each time; here the provider is found once per
 * algorithm and named afterwards, the same one the JCA would choose.
 */
public final class Jca {
    private static final Map<String, Provider> CIPHERS = new ConcurrentHashMap<>();
    private static final Map<String, Provider> MACS = new ConcurrentHashMap<>();

    private Jca() {
    }

    public static Cipher cipher(String transformation) throws NoSuchAlgorithmException, NoSuchPaddingException {
        Provider p = CIPHERS.get(transformation);
        if (p == null) {
            Cipher first = Cipher.getInstance(transformation);
            CIPHERS.putIfAbsent(transformation, first.getProvider());
            return first;
        }
        return Cipher.getInstance(transformation, p);
    }

    public static Mac mac(String algorithm) throws NoSuchAlgorithmException {
        Provider p = MACS.get(algorithm);
        if (p == null) {
            Mac first = Mac.getInstance(algorithm);
            MACS.putIfAbsent(algorithm, first.getProvider());
            return first;
        }
        return Mac.getInstance(algorithm, p);
    }

    /**
     * One digest per thread, for hashing on the packet paths (a provider look-up per hash is
     * measurable at handshake rates). Each use must end with {@code digest()}, which resets it.
     */
    public static ThreadLocal<MessageDigest> digestPerThread(String algorithm) {
        return ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm + " unavailable", e);
            }
        });
    }
}
