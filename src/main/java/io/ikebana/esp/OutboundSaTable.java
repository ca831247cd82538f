package io.ikebana.esp;

import java.util.Arrays;

/**
 * Picks the outbound SA for an inner packet by the peer's traffic selectors (RFC 4301 §5.1).
 * Selectors for a single address (the usual virtual IP /32 or /128) are indexed in a hash table by
 * that address; SAs with address ranges are scanned in a fallback list. Exact-address matches take
 * precedence over ranges; among equals the newest installed SA wins, so during a rekey traffic moves
 * to the new SA as soon as it is installed. Lookups are lock-free; add/remove are control-plane
 * operations serialized on this object.
 */
final class OutboundSaTable {

    private static final ChildSa[] NONE = new ChildSa[0];

    private final KeyedTable<ChildSa[]> exact = new KeyedTable<>();
    private volatile ChildSa[] ranges = NONE;

    synchronized void add(ChildSa sa) {
        boolean hasRange = false;
        for (SelectorRule r : sa.outbound.destinations.rules()) {
            if (r.isSingleAddress()) {
                ChildSa[] current = exact.get(r.startHigh, r.startLow);
                exact.put(r.startHigh, r.startLow, withAdded(current == null ? NONE : current, sa));
            } else {
                hasRange = true;
            }
        }
        if (hasRange) {
            ranges = withAdded(ranges, sa);
        }
    }

    synchronized void remove(ChildSa sa) {
        for (SelectorRule r : sa.outbound.destinations.rules()) {
            if (r.isSingleAddress()) {
                ChildSa[] current = exact.get(r.startHigh, r.startLow);
                if (current != null) {
                    ChildSa[] left = withRemoved(current, sa);
                    if (left.length == 0) {
                        exact.remove(r.startHigh, r.startLow);
                    } else {
                        exact.put(r.startHigh, r.startLow, left);
                    }
                }
            }
        }
        ranges = withRemoved(ranges, sa);
    }

    /** The newest live SA whose selectors match the packet, or null. */
    ChildSa select(byte[] buf, int off, int len, boolean v6) {
        ChildSa[] candidates = exact.get(InnerPacket.addressHigh(buf, off, v6, false),
                InnerPacket.addressLow(buf, off, v6, false));
        if (candidates != null) {
            ChildSa sa = first(candidates, buf, off, len, v6);
            if (sa != null) {
                return sa;
            }
        }
        return first(ranges, buf, off, len, v6);
    }

    private static ChildSa first(ChildSa[] candidates, byte[] buf, int off, int len, boolean v6) {
        for (ChildSa sa : candidates) {
            if (!sa.isDead() && sa.outbound.matches(buf, off, len, v6)) {
                return sa;
            }
        }
        return null;
    }

    /** Copy with {@code sa} inserted, newest (highest install order) first; no duplicates. */
    private static ChildSa[] withAdded(ChildSa[] list, ChildSa sa) {
        for (ChildSa s : list) {
            if (s == sa) {
                return list;
            }
        }
        ChildSa[] out = Arrays.copyOf(list, list.length + 1);
        int i = out.length - 1;
        while (i > 0 && out[i - 1].installOrder < sa.installOrder) {
            out[i] = out[i - 1];
            i--;
        }
        out[i] = sa;
        return out;
    }

    private static ChildSa[] withRemoved(ChildSa[] list, ChildSa sa) {
        return Arrays.stream(list).filter(s -> s != sa).toArray(ChildSa[]::new);
    }
}
