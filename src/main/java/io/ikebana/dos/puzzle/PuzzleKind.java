package io.ikebana.dos.puzzle;

import java.util.Locale;

/** Which exchange a puzzle protects; a metric label. */
public enum PuzzleKind {
    /** S = the COOKIE notification data (RFC 8019 §7.1.3). */
    IKE_SA_INIT,
    /** S = Nr | SPIr (RFC 8019 §7.2.3). */
    IKE_AUTH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
