package io.ikebana.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Least loaded by IKE SAs, then CPU: a client stays here unless another member has fewer SAs by
 * more than the tolerance.
 *
 * <p>The member directory refreshes every few seconds, so each member's published count is
 * corrected by what this member decided since:
 * <ul>
 * <li>its own clients accepted after its last publication (those before are in it: a member
 * publishes its queued and half-open clients as {@link MemberInfo#arriving()});
 * <li>for another member, the clients this member redirected there that have not arrived yet: the
 * redirects sent so far minus the ones that member counted arriving with our REDIRECTED_FROM
 * ({@link MemberInfo#redirectedIn()}). A redirected client that never arrives stops counting after
 * {@code forgetMillis}.
 * </ul>
 * Without these, a burst through one member overloads whichever member looked emptiest, and
 * clients on their way to a member vanish from the count at each of its publications.
 */
public final class LeastLoadedPlacement implements Placement {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
            LeastLoadedPlacement.class.getName());
    /** A redirected client that has not arrived after this long is not coming. */
    public static final long DEFAULT_FORGET_MILLIS = 10_000;

    private final double tolerancePercent;
    private final int minimumDifference;
    private final LongSupplier clock;
    private final long forgetMillis;
    /** Decision times per member (ours: accepted here; others: redirected there), oldest first. */
    private final Map<String, Deque<Long>> decisions = new HashMap<>();
    /** {@link #acceptedSince}: whose decisions, after which publication, and how many. */
    private String markMember;
    private long mark = Long.MIN_VALUE;
    private long sinceMark;
    /** Redirects sent to each member since this member started. */
    private final Map<String, Long> redirectsTo = new HashMap<>();

    /**
     * @param tolerancePercent imbalance allowed, in percent of the mean SA count
     * @param minimumDifference never redirect for a difference below this many SAs
     */
    public LeastLoadedPlacement(double tolerancePercent, int minimumDifference) {
        this(tolerancePercent, minimumDifference, System::currentTimeMillis, DEFAULT_FORGET_MILLIS);
    }

    /**
     * @param clock        milliseconds on the clock the directory's {@code updatedMillis} uses
     * @param forgetMillis see the class comment
     */
    public LeastLoadedPlacement(double tolerancePercent, int minimumDifference, LongSupplier clock,
            long forgetMillis) {
        this.tolerancePercent = tolerancePercent;
        this.minimumDifference = minimumDifference;
        this.clock = clock;
        this.forgetMillis = forgetMillis;
    }

    @Override
    public synchronized MemberInfo choose(String self, List<MemberInfo> members) {
        if (members.size() < 2) {
            return null;
        }
        MemberInfo me = null;
        MemberInfo best = null;
        long bestCount = 0;
        long myCount = 0;
        double total = 0;
        for (MemberInfo m : members) {
            long n = effective(self, m);
            total += n;
            if (m.name().equals(self)) {
                me = m;
                myCount = n;
            }
            if (best == null || n < bestCount || (n == bestCount && m.load() < best.load())) {
                best = m;
                bestCount = n;
            }
        }
        if (LOG.isLoggable(java.util.logging.Level.FINER)) {
            StringBuilder b = new StringBuilder("placement");
            for (MemberInfo m : members) {
                b.append(' ').append(m.name()).append('=').append(effective(self, m)).append('(').append(m.saCount())
                        .append('+').append(m.arriving()).append(" in").append(m.redirectedIn()).append(" sent")
                        .append(redirectsTo.get(m.name())).append(')');
            }
            LOG.finer(b.toString());
        }
        if (me == null || best == me) {
            return null;
        }
        double mean = total / members.size();
        double allowed = Math.max(minimumDifference, mean * tolerancePercent / 100.0);
        if (myCount - bestCount <= allowed) {
            return null;
        }
        record(best.name());
        redirectsTo.merge(best.name(), 1L, Long::sum);
        return best;
    }

    @Override
    public synchronized MemberInfo chooseOther(String self, List<MemberInfo> members) {
        MemberInfo best = null;
        long bestCount = 0;
        for (MemberInfo m : members) {
            if (m.name().equals(self)) {
                continue;
            }
            long n = effective(self, m);
            if (best == null || n < bestCount || (n == bestCount && m.load() < best.load())) {
                best = m;
                bestCount = n;
            }
        }
        if (best != null) {
            record(best.name());
            redirectsTo.merge(best.name(), 1L, Long::sum);
        }
        return best;
    }

    @Override
    public synchronized void accepted(String self) {
        record(self);
    }

    private void record(String member) {
        long now = clock.getAsLong();
        Deque<Long> d = decisions.computeIfAbsent(member, k -> new ArrayDeque<>());
        while (!d.isEmpty() && d.peekFirst() < now - forgetMillis) {
            d.pollFirst();
        }
        d.addLast(now);
        if (member.equals(markMember) && now > mark) {
            sinceMark++;
        }
    }

    /**
     * Our decisions after our last publication ({@code updated}): counted once per publication
     * (newest first, up to it) and then kept up to date by {@link #record}, instead of a pass over
     * every decision of the last {@code forgetMillis} for each IKE_SA_INIT.
     */
    private long acceptedSince(String self, Deque<Long> d, long updated, long now) {
        if (!self.equals(markMember) || updated != mark || updated < now - forgetMillis) {
            long n = 0;
            for (java.util.Iterator<Long> it = d.descendingIterator(); it.hasNext() && it.next() > updated;) {
                n++;
            }
            markMember = self;
            mark = updated;
            sinceMark = n;
        }
        return sinceMark;
    }

    private long effective(String self, MemberInfo m) {
        long published = (long) m.saCount() + m.arriving();
        Deque<Long> d = decisions.get(m.name());
        if (d == null) {
            return published;
        }
        long now = clock.getAsLong();
        while (!d.isEmpty() && d.peekFirst() < now - forgetMillis) {
            d.pollFirst();
        }
        if (m.name().equals(self)) {
            return published + acceptedSince(self, d, m.updatedMillis(), now);
        }
        long sent = redirectsTo.getOrDefault(m.name(), 0L);
        long arrived = m.redirectedIn().getOrDefault(self, 0L);
        // on their way: never more than the redirects of the last forgetMillis
        long onTheWay = Math.max(0, Math.min(sent - arrived, d.size()));
        return published + onTheWay;
    }
}
