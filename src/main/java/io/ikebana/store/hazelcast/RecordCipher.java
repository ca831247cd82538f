package io.ikebana.store.hazelcast;

import io.ikebana.crypto.Secret;
import io.ikebana.ike.Identity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for SA records under the cluster keys (DESIGN.md "Security rules": key material
 * never sits in the grid in clear). A sealed record is
 * {@code format(1) | keyId(1) | nonce(12) | ciphertext | tag(16)}; the AAD is the map key (the
 * SPI, 8 octets) followed by format and key id, so a record moved under another key does not
 * open. New records are sealed with the current key; any configured key opens, so keys rotate
 * without downtime (add the new key everywhere, then make it current, then drop the old one once
 * no record uses it).
 *
 * <p>Each configured 32-octet key is only used to derive three independent keys (HMAC-SHA256
 * with a fixed label): record encryption, identity tags (an HMAC of the remote identity, so the
 * index never shows identities in clear) and a key check value that members compare to detect a
 * key that differs between members.
 */
public final class RecordCipher {
    static final int FORMAT = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 2 + NONCE;

    /** The record was sealed with a key id this member lacks, or the key differs (tag mismatch). */
    public static final class UnreadableRecordException extends RuntimeException {
        private final int keyId;

        UnreadableRecordException(int keyId, String msg) {
            super(msg, null, false, false);
            this.keyId = keyId;
        }

        public int keyId() {
            return keyId;
        }
    }

    private record Derived(SecretKeySpec encryption, byte[] tagKey, String checkValue) {
    }

    private final Map<Integer, Derived> keys = new LinkedHashMap<>();
    private final int current;
    private final SecureRandom random;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(RecordCipher::newCipher);

    public RecordCipher(Map<Integer, Secret> clusterKeys, int currentKey, SecureRandom random) {
        if (!clusterKeys.containsKey(currentKey)) {
            throw new IllegalArgumentException("no cluster key with id " + currentKey);
        }
        clusterKeys.forEach((id, k) -> {
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("key id " + id + " is not 0..255");
            }
            if (k.length() != 32) {
                throw new IllegalArgumentException("cluster key " + id + " must be 32 octets");
            }
            byte[] enc = hmac(k.bytes(), "ikebana sa record v1");
            byte[] kcv = hmac(k.bytes(), "ikebana key check v1");
            keys.put(id, new Derived(new SecretKeySpec(enc, "AES"), hmac(k.bytes(), "ikebana identity tag v1"),
                    HexFormat.of().formatHex(kcv, 0, 8)));
            Arrays.fill(enc, (byte) 0);
        });
        this.current = currentKey;
        this.random = random;
    }

    public int currentKeyId() {
        return current;
    }

    public Set<Integer> keyIds() {
        return new TreeSet<>(keys.keySet());
    }

    /** Key check values by key id: equal on two members only when their keys are equal. */
    public Map<Integer, String> checkValues() {
        Map<Integer, String> out = new LinkedHashMap<>();
        keys.forEach((id, d) -> out.put(id, d.checkValue()));
        return out;
    }

    /** Seals {@code plain} as the record stored under {@code spi}, with the current key. */
    public byte[] seal(long spi, byte[] plain) {
        byte[] out = new byte[HEADER + plain.length + TAG_BITS / 8];
        out[0] = FORMAT;
        out[1] = (byte) current;
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 2, NONCE);
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, keys.get(current).encryption(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(spi, current));
            c.doFinal(plain, 0, plain.length, out, HEADER);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** The key id a sealed record names, or -1 for something that is not a sealed record. */
    public static int keyIdOf(byte[] sealed) {
        return sealed != null && sealed.length > HEADER && sealed[0] == FORMAT ? sealed[1] & 0xff : -1;
    }

    public boolean canOpen(int keyId) {
        return keys.containsKey(keyId);
    }

    public byte[] open(long spi, byte[] sealed) {
        int keyId = keyIdOf(sealed);
        if (keyId < 0) {
            throw new UnreadableRecordException(-1, "not a sealed record (format " + (sealed == null || sealed.length == 0
                    ? "none" : sealed[0]) + ")");
        }
        Derived d = keys.get(keyId);
        if (d == null) {
            throw new UnreadableRecordException(keyId, "record sealed with cluster key " + keyId
                    + ", which this member does not have");
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, d.encryption(), new GCMParameterSpec(TAG_BITS, sealed, 2, NONCE));
            c.updateAAD(aad(spi, keyId));
            return c.doFinal(sealed, HEADER, sealed.length - HEADER);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new UnreadableRecordException(keyId, "record does not authenticate under cluster key " + keyId
                    + " (the key differs from the one that sealed it, or the record was moved)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** The identity tag under the current key (what a record written now carries). */
    public String identityTag(Identity id) {
        return tag(keys.get(current), id);
    }

    /** The identity's tags under every key, for look-ups that must find records of any key. */
    public List<String> identityTags(Identity id) {
        return keys.values().stream().map(d -> tag(d, id)).distinct().toList();
    }

    private static String tag(Derived d, Identity id) {
        try {
            Mac m = TAG_MACS.get();
            m.init(new SecretKeySpec(d.tagKey(), "HmacSHA256"));
            m.update((byte) id.type());
            m.update(id.data());
            return HexFormat.of().formatHex(m.doFinal(), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One HMAC per thread for identity tags (one per created SA and per identity look-up). */
    private static final ThreadLocal<Mac> TAG_MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private static byte[] aad(long spi, int keyId) {
        return ByteBuffer.allocate(10).putLong(spi).put((byte) FORMAT).put((byte) keyId).array();
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
