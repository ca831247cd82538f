package io.ikebana.policy;

import io.ikebana.wire.payload.TrafficSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Traffic-selector narrowing (RFC 7296 §2.9): the answer is the intersection of what the peer
 * proposed with what our policy allows; never wider than either.
 */
public final class TsNarrowing {

    private TsNarrowing() {
    }

    /** Intersects every proposed selector with every allowed one; unknown types are dropped. */
    public static List<TrafficSelector> narrow(List<TrafficSelector> proposed, List<TrafficSelector> allowed) {
        List<TrafficSelector> out = new ArrayList<>();
        for (TrafficSelector p : proposed) {
            if (!p.isKnownType()) {
                continue;
            }
            for (TrafficSelector a : allowed) {
                TrafficSelector i = intersect(p, a);
                if (i != null && !out.contains(i)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    public static TrafficSelector intersect(TrafficSelector a, TrafficSelector b) {
        if (a.tsType() != b.tsType()) {
            return null;
        }
        int proto;
        if (a.ipProtocol() == 0) {
            proto = b.ipProtocol();
        } else if (b.ipProtocol() == 0 || b.ipProtocol() == a.ipProtocol()) {
            proto = a.ipProtocol();
        } else {
            return null;
        }
        int sp = Math.max(a.startPort(), b.startPort());
        int ep = Math.min(a.endPort(), b.endPort());
        if (sp > ep) {
            return null;
        }
        byte[] s = max(a.start(), b.start());
        byte[] e = min(a.end(), b.end());
        if (compare(s, e) > 0) {
            return null;
        }
        return new TrafficSelector(a.tsType(), proto, sp, ep, s.clone(), e.clone());
    }

    /** True when {@code inner} lies entirely within {@code outer}. */
    public static boolean contains(TrafficSelector outer, TrafficSelector inner) {
        TrafficSelector i = intersect(outer, inner);
        return i != null && i.equals(inner);
    }

    static int compare(byte[] x, byte[] y) {
        return Arrays.compareUnsigned(x, y);
    }

    private static byte[] max(byte[] x, byte[] y) {
        return compare(x, y) >= 0 ? x : y;
    }

    private static byte[] min(byte[] x, byte[] y) {
        return compare(x, y) <= 0 ? x : y;
    }
}
