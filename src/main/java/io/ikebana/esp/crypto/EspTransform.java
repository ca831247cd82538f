package io.ikebana.esp.crypto;

/**
 * The negotiated ESP transform of one Child SA: encryption algorithm, its key size, and the
 * integrity algorithm ({@link IntegrityAlgorithm#NONE} for AES-GCM).
 */
public record EspTransform(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity) {

    public EspTransform {
        if (encryption == null || encryption == EncryptionAlgorithm.UNKNOWN) {
            throw new IllegalArgumentException("unsupported encryption algorithm " + encryption);
        }
        if (integrity == null || integrity == IntegrityAlgorithm.UNKNOWN) {
            throw new IllegalArgumentException("unsupported integrity algorithm " + integrity);
        }
        // RFC 3602 §2.3 and RFC 4106 §8.4: AES key lengths 128, 192, 256 bits
        if (keyBits != 128 && keyBits != 192 && keyBits != 256) {
            throw new IllegalArgumentException("AES key size must be 128, 192 or 256 bits: " + keyBits);
        }
        // RFC 4106 §1 / RFC 7296 §3.3: a combined-mode cipher takes no separate integrity algorithm
        if (encryption == EncryptionAlgorithm.AES_GCM_16 && integrity != IntegrityAlgorithm.NONE) {
            throw new IllegalArgumentException("AES-GCM takes no integrity algorithm");
        }
        // RFC 4303 §3.4.3: anti-replay needs integrity; we never run confidentiality-only ESP
        if (encryption == EncryptionAlgorithm.AES_CBC && integrity == IntegrityAlgorithm.NONE) {
            throw new IllegalArgumentException("AES-CBC needs an integrity algorithm");
        }
    }

    /** AES-GCM with a 16-octet ICV (RFC 4106), key size in bits. */
    public static EspTransform aesGcm16(int keyBits) {
        return new EspTransform(EncryptionAlgorithm.AES_GCM_16, keyBits, IntegrityAlgorithm.NONE);
    }

    /** AES-CBC (RFC 3602) with an HMAC-SHA2 integrity algorithm (RFC 4868). */
    public static EspTransform aesCbc(int keyBits, IntegrityAlgorithm integrity) {
        return new EspTransform(EncryptionAlgorithm.AES_CBC, keyBits, integrity);
    }

    /** Octets of encryption KEYMAT for one direction, including the GCM salt (RFC 4106 §8.1). */
    public int encryptionKeyLength() {
        return keyBits / 8 + encryption.saltLength();
    }

    /** Octets of integrity KEYMAT for one direction (0 for AES-GCM). */
    public int integrityKeyLength() {
        return integrity.keyLength();
    }

    public int ivLength() {
        return encryption.ivLength();
    }

    /** ICV length: 16 for AES-GCM-16, the truncated HMAC length otherwise. */
    public int icvLength() {
        return encryption == EncryptionAlgorithm.AES_GCM_16 ? 16 : integrity.icvLength();
    }

    public int padAlignment() {
        return encryption.padAlignment();
    }
}
