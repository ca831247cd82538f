package io.ikebana.dos;

/**
 * Global defence level, in the order RFC 8019 §6 deploys the countermeasures. Per-prefix hard
 * limits are not a global level: they only ever apply to a prefix (RFC 8019 §4.2).
 */
public enum DosLevel {
    /** Below every threshold: nothing is asked of initiators. */
    NORMAL,
    /** Past the global half-open cookie threshold: stateless cookies from all (RFC 7296 §2.6). */
    COOKIES,
    /** Past the global puzzle threshold: puzzles whose difficulty follows the load (RFC 8019 §7.1). */
    PUZZLES;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
