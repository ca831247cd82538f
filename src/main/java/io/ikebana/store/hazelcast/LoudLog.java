package io.ikebana.store.hazelcast;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A SEVERE log line per problem at most once per period (not once per packet), with how often it
 * happened since the last line. For conditions an operator must fix: a wrong or missing cluster
 * key, a lost quorum.
 */
public final class LoudLog {
    private final Logger log;
    private final Clock clock;
    private final long periodMillis;
    private final Map<String, long[]> last = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    public LoudLog(Logger log, Clock clock, Duration period) {
        this.log = log;
        this.clock = clock;
        this.periodMillis = period.toMillis();
    }

    /** Counts one occurrence of {@code problem}; logs it if it was not logged in the last period. */
    public void problem(String problem, Supplier<String> detail) {
        total.incrementAndGet();
        long now = clock.millis();
        long[] state = last.computeIfAbsent(problem, k -> new long[] {Long.MIN_VALUE, 0});
        long suppressed;
        synchronized (state) {
            if (state[0] != Long.MIN_VALUE && now - state[0] < periodMillis) {
                state[1]++;
                return;
            }
            suppressed = state[1];
            state[0] = now;
            state[1] = 0;
        }
        log.log(Level.SEVERE, problem + ": " + detail.get()
                + (suppressed > 0 ? " (" + suppressed + " more since the last report)" : ""));
    }

    /** Occurrences of all problems, logged or not. */
    public long count() {
        return total.get();
    }
}
