package io.ikebana.esp.crypto;

import java.security.SecureRandom;

/** Creates the {@link EspCipher} of one SA direction from its transform and KEYMAT. */
public final class EspCiphers {

    private EspCiphers() {
    }

    /** The decrypting side, for the inbound SA. */
    public static EspCipher inbound(EspTransform transform, SecretKeys keys, boolean esn) {
        return create(transform, keys, esn, null);
    }

    /**
     * The encrypting side, for the outbound SA; {@code random} seeds the per-SA CBC IV key (it is
     * not used per packet, and not at all for AES-GCM).
     */
    public static EspCipher outbound(EspTransform transform, SecretKeys keys, boolean esn, SecureRandom random) {
        return create(transform, keys, esn, random);
    }

    private static EspCipher create(EspTransform transform, SecretKeys keys, boolean esn, SecureRandom random) {
        checkLengths(transform, keys);
        switch (transform.encryption()) {
            case AES_GCM_16:
                return new GcmEspCipher(keys.encryptionKey(), esn);
            case AES_CBC:
                return new CbcHmacEspCipher(keys.encryptionKey(), transform.integrity(), keys.integrityKey(), esn,
                        random == null ? null : new EncryptedCounterIvSource(random));
            default:
                throw new IllegalArgumentException("unsupported transform " + transform);
        }
    }

    /** RFC 7296 §2.17: each direction takes exactly the key lengths the transform defines. */
    public static void checkLengths(EspTransform transform, SecretKeys keys) {
        if (keys.encryptionKeyLength() != transform.encryptionKeyLength()
                || keys.integrityKeyLength() != transform.integrityKeyLength()) {
            throw new IllegalArgumentException("key lengths " + keys.encryptionKeyLength() + "/"
                    + keys.integrityKeyLength() + " do not fit " + transform + ", expected "
                    + transform.encryptionKeyLength() + "/" + transform.integrityKeyLength());
        }
    }
}
