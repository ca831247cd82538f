package io.ikebana.crypto;

/**
 * One side of a Diffie-Hellman exchange (RFC 7296 §3.4): our public value, and the shared
 * secret g^ir computed from the peer's public value. Implementations validate the peer's value.
 */
public interface KeyExchange {

    DhGroup group();

    byte[] publicValue();

    /** @throws InvalidPublicValueException when the peer's value is not acceptable */
    byte[] sharedSecret(byte[] peerPublic) throws InvalidPublicValueException;

    final class InvalidPublicValueException extends Exception {
        public InvalidPublicValueException(String msg) {
            super(msg, null, false, false);
        }
    }
}
