package io.ikebana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static final String PATTERN = "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n";

    private static LogRecord record(Level level, String msg, Object... params) {
        LogRecord r = new LogRecord(level, msg);
        r.setLoggerName("io.ikebana.ike.IkeEngine");
        r.setInstant(Instant.parse("2026-11-22T19:03:49.685123Z"));
        r.setParameters(params);
        return r;
    }

    /** Runs {@code check} with a SimpleFormatter set to the pattern the gateway used before. */
    private static void withSimpleFormatter(java.util.function.Consumer<SimpleFormatter> check) {
        String saved = System.getProperty("java.util.logging.SimpleFormatter.format");
        System.setProperty("java.util.logging.SimpleFormatter.format", PATTERN);
        try {
            check.accept(new SimpleFormatter());
        } finally {
            if (saved == null) {
                System.clearProperty("java.util.logging.SimpleFormatter.format");
            } else {
                System.setProperty("java.util.logging.SimpleFormatter.format", saved);
            }
        }
    }

    /** The same text as SimpleFormatter with the pattern the gateway used before. */
    @Test
    void sameLayoutAsTheSimpleFormatterPattern() {
        withSimpleFormatter(simple -> {
            for (LogRecord r : new LogRecord[] {record(Level.INFO, "IKE SA {0} established", "ab12"),
                    record(Level.WARNING, "cluster member lost: gw1"), record(Level.FINER, "plain")}) {
                assertEquals(simple.format(r), new LogFormat().format(r));
            }
        });
    }

    /** One formatter over many records: the cached second changes with the records, millis padded. */
    @Test
    void oneFormatterFollowsTheClock() {
        withSimpleFormatter(simple -> {
            LogFormat ours = new LogFormat();
            for (String t : new String[] {"2026-11-22T19:03:49.005Z", "2026-11-22T19:03:49.999Z",
                    "2026-11-22T19:03:50.040Z", "2026-11-22T19:03:49.100Z", "2027-01-01T00:00:00Z"}) {
                LogRecord r = record(Level.INFO, "at " + t);
                r.setInstant(Instant.parse(t));
                assertEquals(simple.format(r), ours.format(r));
            }
        });
    }

    @Test
    void aThrowableFollowsOnTheNextLines() {
        LogRecord r = record(Level.SEVERE, "failed");
        r.setThrown(new IllegalStateException("boom"));
        String s = new LogFormat().format(r);
        assertTrue(s.contains("SEVERE  io.ikebana.ike.IkeEngine: failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: boom"), s);
    }
}
