package io.ikebana.dos;

import java.util.EnumMap;
import java.util.Map;

/**
 * Outcome of a filter: pass, or drop silently with a reason. Instances are immutable and shared,
 * so a flood of drops allocates nothing.
 */
public final class Verdict {
    private static final Verdict PASS = new Verdict(null);
    private static final Map<DropReason, Verdict> DROPS = drops();

    private final DropReason reason;

    private Verdict(DropReason reason) {
        this.reason = reason;
    }

    public static Verdict pass() {
        return PASS;
    }

    public static Verdict drop(DropReason reason) {
        return DROPS.get(reason);
    }

    public boolean isPass() {
        return reason == null;
    }

    /** The drop reason; {@code null} when the verdict is pass. */
    public DropReason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return isPass() ? "PASS" : "DROP(" + reason + ")";
    }

    private static Map<DropReason, Verdict> drops() {
        Map<DropReason, Verdict> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            m.put(r, new Verdict(r));
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
