package io.ikebana.dos.queue;

import java.util.Comparator;

/**
 * Order of admission: class first, then a level within the class (for solved puzzles: derived
 * from the solved difficulty and the number of consecutive puzzles, RFC 8019 §7.1.4).
 *
 * @param workClass the class
 * @param level     0..65535, higher first
 */
public record Priority(WorkClass workClass, int level) implements Comparable<Priority> {

    private static final Comparator<Priority> ORDER =
            Comparator.comparing(Priority::workClass).thenComparingInt(Priority::level);

    public Priority {
        if (workClass == null || level < 0 || level > 0xFFFF) {
            throw new IllegalArgumentException("priority needs a class and a level in 0..65535");
        }
    }

    public static Priority of(WorkClass workClass) {
        return new Priority(workClass, 0);
    }

    /** Single number preserving the order, for logging and sorting by the engine. */
    public int rank() {
        return (workClass.ordinal() << 16) | level;
    }

    @Override
    public int compareTo(Priority o) {
        return ORDER.compare(this, o);
    }
}
