package io.ikebana.esp.crypto;

/**
 * The cryptographic transform of one direction of one ESP SA, working in place on a packet
 * buffer laid out as RFC 4303 §2 describes:
 *
 * <pre>
 * off: SPI (4) | Sequence Number (4) | IV (ivLength) | plaintext or ciphertext | ICV (icvLength)
 * </pre>
 *
 * <p><b>Not thread-safe:</b> an instance owns its JCA {@code Cipher} and {@code Mac} objects and
 * scratch arrays. The data plane uses one instance per SA and direction, only while holding that
 * SA direction's single-writer guard (see the {@code io.ikebana.esp} package documentation).
 */
public interface EspCipher {

    /** Header length: SPI and sequence number (RFC 4303 §2.1, §2.2). */
    int HEADER_LENGTH = 8;

    int ivLength();

    int icvLength();

    /** The encrypted part must be a multiple of this (block size or 4, RFC 4303 §2.4). */
    int padAlignment();

    /**
     * Seals an outbound packet. On entry {@code buf[off, off + 8)} holds SPI and the low 32 bits
     * of {@code seq}, and the plaintext (payload, padding, pad length, next header; a multiple of
     * {@link #padAlignment()}) starts at {@code off + 8 + ivLength()}. Writes the IV, encrypts in
     * place and appends the ICV; {@code buf} must have room for it.
     *
     * @param seq the full (64-bit with ESN) sequence number of this packet
     * @return the length of the ESP packet starting at {@code off}
     * @throws IllegalStateException if the crypto provider fails
     */
    int seal(long seq, byte[] buf, int off, int plaintextLength);

    /**
     * Verifies the ICV of the ESP packet {@code buf[off, off + len)} and, if it is valid, decrypts
     * in place. The caller has checked that the ciphertext length ({@code len - 8 - ivLength() -
     * icvLength()}) is positive and a multiple of {@link #padAlignment()}.
     *
     * @param seq the full sequence number inferred for this packet (its high half is
     *     authenticated with ESN, RFC 4303 §2.2.1)
     * @return the plaintext length (plaintext at {@code off + 8 + ivLength()}), or -1 if the ICV
     *     does not verify
     * @throws IllegalStateException if the crypto provider fails
     */
    int open(long seq, byte[] buf, int off, int len);
}
