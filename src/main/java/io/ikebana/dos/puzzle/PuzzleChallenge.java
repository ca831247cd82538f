package io.ikebana.dos.puzzle;

import java.util.Optional;

/**
 * Content of the PUZZLE notify: {@code PRF (2 octets) | Difficulty (1 octet)} (RFC 8019 §8.1).
 * The §8.1 text ends with "This notification contains no data", which contradicts its own figure
 * and payload length 11; we follow the figure.
 *
 * @param prf        PRF the initiator MUST use (RFC 8019 §8.1)
 * @param difficulty minimum trailing zero bits of each PRF result; 0 = "do your best" (IKE_SA_INIT only)
 */
public record PuzzleChallenge(PrfAlgorithm prf, int difficulty) {

    /** PUZZLE notify message type (RFC 8019 §8.1, IANA). */
    public static final int NOTIFY_TYPE = 16434;
    /** Length of the notification data. */
    public static final int DATA_LENGTH = 3;

    public PuzzleChallenge {
        if (prf == null || !prf.isKnown()) {
            throw new IllegalArgumentException("puzzle PRF must be a known PRF");
        }
        if (difficulty < 0 || difficulty > 255) {
            throw new IllegalArgumentException("difficulty must fit one octet");
        }
    }

    /** The 3 octets of notification data to put after the Notify header. */
    public byte[] notifyData() {
        return new byte[] {(byte) (prf.code() >>> 8), (byte) prf.code(), (byte) difficulty};
    }

    /**
     * Parses PUZZLE notification data (client side). Empty if malformed or naming a PRF we cannot
     * compute; the initiator then just returns the cookie (RFC 8019 §7.1.2).
     */
    public static Optional<PuzzleChallenge> parse(byte[] data) {
        // RFC 8019 §8.1: PRF (2 octets) | Difficulty (1 octet)
        if (data == null || data.length != DATA_LENGTH) {
            return Optional.empty();
        }
        PrfAlgorithm prf = PrfAlgorithm.fromCode(((data[0] & 0xFF) << 8) | (data[1] & 0xFF));
        if (!prf.isKnown()) {
            return Optional.empty();
        }
        return Optional.of(new PuzzleChallenge(prf, data[2] & 0xFF));
    }
}
