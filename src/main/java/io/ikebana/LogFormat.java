package io.ikebana;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record, {@code 2026-11-22 19:03:49.685 INFO    logger: message}, the layout of
 * {@code SimpleFormatter} with {@code %1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n}, without its
 * {@code String.format}: the gateway logs a line per established SA, and formatting it through
 * {@code java.util.Formatter} cost more CPU than the IKE_AUTH codec (docs/benchmarks.md).
 */
public final class LogFormat extends Formatter {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** The formatted second of the last record: records come many to a second. */
    private record Second(long epochSecond, String text) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(160);
        Instant t = r.getInstant();
        Second s = last;
        if (s.epochSecond != t.getEpochSecond()) {
            s = new Second(t.getEpochSecond(), SECOND.format(t));
            last = s;
        }
        int millis = t.getNano() / 1_000_000;
        b.append(s.text).append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append(' ');
        String level = r.getLevel().getLocalizedName();
        b.append(level);
        for (int i = level.length(); i < 7; i++) {
            b.append(' ');
        }
        b.append(' ').append(r.getLoggerName()).append(": ").append(formatMessage(r));
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            try (PrintWriter pw = new PrintWriter(sw)) {
                pw.println();
                r.getThrown().printStackTrace(pw);
            }
            b.append(sw);
        }
        return b.append(System.lineSeparator()).toString();
    }
}
