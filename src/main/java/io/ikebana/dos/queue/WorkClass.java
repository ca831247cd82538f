package io.ikebana.dos.queue;

import java.util.Locale;

/**
 * Classes of work, lowest first. IKE_AUTH work is served before new IKE_SA_INIT work: it completes
 * SAs whose initiators already proved return routability (RFC 8019 §7.2). Among IKE_SA_INIT work,
 * initiators that spent more get served first (RFC 8019 §7.1.4, §7.1.5).
 */
public enum WorkClass {
    /** IKE_SA_INIT accepted without a cookie (no attack in progress). */
    INIT_PLAIN,
    /** IKE_SA_INIT with a valid cookie but no (sufficient) puzzle solution: legacy clients. */
    INIT_COOKIE,
    /** IKE_SA_INIT with a valid cookie and a puzzle solved to the requested difficulty. */
    INIT_SOLVED_PUZZLE,
    /** IKE_AUTH (and later) work on existing SAs. */
    AUTH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
