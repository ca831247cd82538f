package io.ikebana;

import io.ikebana.cli.IkebanaCommand;
import picocli.CommandLine;

/** Entry point of {@code target/ikebana.jar}: one-line logs, then the CLI. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        }
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            // the default configuration's console handler, with the same layout formatted cheaply
            for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
                h.setFormatter(new LogFormat());
            }
        }
        System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "jdk"));
        System.exit(new CommandLine(new IkebanaCommand()).execute(args));
    }
}
