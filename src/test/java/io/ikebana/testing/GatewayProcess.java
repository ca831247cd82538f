package io.ikebana.testing;

import io.ikebana.interop.InteropEnvironment;
import io.ikebana.interop.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Our gateway as a separate JVM ({@code target/ikebana.jar gateway}), in a test namespace or on
 * the host. The configuration is a YAML text written next to its log.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Path dir;

    private GatewayProcess(Process process, Path log, Path dir) {
        this.process = process;
        this.log = log;
        this.dir = dir;
    }

    public static Path jar() {
        String p = System.getProperty("ikebana.jar");
        Path jar = p != null ? Path.of(p) : InteropEnvironment.basedir().resolve("target/ikebana.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " missing: run mvn package first");
        }
        return jar;
    }

    public static List<String> command(Path config, String... jvmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        for (String a : jvmArgs) {
            cmd.add(a);
        }
        // for a closer look at a run, e.g. IKB_MEMBER_JVM_ARGS=-Djava.util.logging.config.file=/tmp/finer.properties
        String extra = System.getenv("IKB_MEMBER_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar().toString(), "gateway", "--config", config.toString()));
        return cmd;
    }

    /** Writes {@code yaml} to {@code dir/gateway.yaml} and starts the gateway in {@code host}'s namespace. */
    public static GatewayProcess startIn(Netns net, String host, Path dir, String yaml, String... jvmArgs) {
        Path config = write(dir, yaml);
        Path log = dir.resolve("gateway.log");
        Process p = net.start(host, command(config, jvmArgs), log);
        GatewayProcess g = new GatewayProcess(p, log, dir);
        g.awaitLog(Duration.ofSeconds(30), l -> l.contains("listening on"));
        return g;
    }

    /** Starts the gateway on the host (no namespace). */
    public static GatewayProcess start(Path dir, String yaml, String... jvmArgs) {
        Path config = write(dir, yaml);
        Path log = dir.resolve("gateway.log");
        try {
            Process p = new ProcessBuilder(command(config, jvmArgs)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            GatewayProcess g = new GatewayProcess(p, log, dir);
            g.awaitLog(Duration.ofSeconds(30), l -> l.contains("listening on"));
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path dir, String yaml) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, yaml);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the log satisfies {@code condition}; fails with the log when it does not. */
    public void awaitLog(Duration timeout, Predicate<String> condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String l = log();
            if (condition.test(l)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + l);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("gateway log condition not met in " + timeout + ":\n" + l);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public long count(String needle) {
        return log().lines().filter(l -> l.contains(needle)).count();
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
