package io.ikebana.dos;

/** What a request must bring, from the global level and its source prefixes; ordered. */
enum Requirement {
    NONE,
    COOKIE,
    PUZZLE,
    /** Per-prefix hard limit: the last step (RFC 8019 §4.2). */
    HARD_LIMIT;

    static Requirement of(DosLevel level) {
        return switch (level) {
            case NORMAL -> NONE;
            case COOKIES -> COOKIE;
            case PUZZLES -> PUZZLE;
        };
    }

    Requirement max(Requirement other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
