package io.ikebana;

import java.io.PrintWriter;
import java.io.StringWriter;
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
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(160);
        TIME.formatTo(r.getInstant(), b);
        b.append(' ');
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
