package io.ikebana.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Least loaded by established IKE SAs, then CPU: a client stays here unless another member has
 * fewer SAs by more than the tolerance. The member directory refreshes every few seconds, so
 * decisions made since a member's last publication are added to its count; a burst of new
 * clients through one member is spread instead of all going to the member that looked emptiest.
 */
public final class LeastLoadedPlacement implements Placement {
    private final double tolerancePercent;
    private final int minimumDifference;
    private final Map<String, Long> seenUpdate = new HashMap<>();
    private final Map<String, Integer> sinceUpdate = new HashMap<>();

    /**
     * @param tolerancePercent imbalance allowed, in percent of the mean SA count
     * @param minimumDifference never redirect for a difference below this many SAs
     */
    public LeastLoadedPlacement(double tolerancePercent, int minimumDifference) {
        this.tolerancePercent = tolerancePercent;
        this.minimumDifference = minimumDifference;
    }

    @Override
    public synchronized MemberInfo choose(String self, List<MemberInfo> members) {
        if (members.size() < 2) {
            return null;
        }
        MemberInfo me = null;
        MemberInfo best = null;
        double total = 0;
        for (MemberInfo m : members) {
            total += effective(m);
            if (m.name().equals(self)) {
                me = m;
            }
            if (best == null || effective(m) < effective(best)
                    || (effective(m) == effective(best) && m.load() < best.load())) {
                best = m;
            }
        }
        if (me == null || best == me) {
            return null;
        }
        double mean = total / members.size();
        double allowed = Math.max(minimumDifference, mean * tolerancePercent / 100.0);
        if (effective(me) - effective(best) <= allowed) {
            return null;
        }
        sinceUpdate.merge(best.name(), 1, Integer::sum);
        return best;
    }

    @Override
    public synchronized void accepted(String self) {
        sinceUpdate.merge(self, 1, Integer::sum);
    }

    private int effective(MemberInfo m) {
        Long seen = seenUpdate.get(m.name());
        if (seen == null || seen != m.updatedMillis()) {
            seenUpdate.put(m.name(), m.updatedMillis());
            sinceUpdate.put(m.name(), 0);
        }
        return m.saCount() + sinceUpdate.getOrDefault(m.name(), 0);
    }
}
