package io.ikebana.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Entry point of the strongSwan interop harness: finds the scripts in {@code src/test/interop},
 * installs their Debian packages once per JVM and runs external commands, always with a timeout.
 *
 * <p>The project directory is the system property {@code ikebana.basedir} (set by the failsafe
 * configuration) or else the working directory. Generated files (instances, certificates) go
 * under {@code target/interop}, so a failed run leaves its logs there.
 *
 * <p>Network namespaces need root; tests should skip with {@code assumeTrue(isRoot())}.
 */
public final class InteropEnvironment {

    /** Timeout of ordinary commands (ip, swanctl listings, script steps). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** apt-get update + install of a fresh CI machine, and waiting for a parallel JVM doing it. */
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

    /** pki generates an RSA-4096 key among others: a few seconds, more on a loaded machine. */
    private static final Duration CERTS_TIMEOUT = Duration.ofMinutes(3);

    /** Commands in tools like ip and swanctl live in sbin, which a CI user's PATH may lack. */
    private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static Result deps;
    private static Path certs;

    private InteropEnvironment() {
    }

    /** Exit code and combined stdout+stderr of a finished (or timed out) command. */
    public record Result(List<String> command, int exitCode, String output, boolean timedOut) {

        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** This result if the command succeeded, else an exception with its command and output. */
        public Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException(describe());
            }
            return this;
        }

        public String describe() {
            String how = timedOut ? "timed out" : "exit " + exitCode;
            return String.join(" ", command) + ": " + how + "\n" + output;
        }
    }

    public static Path basedir() {
        String prop = System.getProperty("ikebana.basedir");
        return Path.of(prop != null && !prop.isBlank() ? prop : System.getProperty("user.dir")).toAbsolutePath();
    }

    public static Path scriptsDir() {
        Path dir = basedir().resolve("src/test/interop");
        if (!Files.isRegularFile(dir.resolve("netns.sh"))) {
            throw new IllegalStateException("interop scripts not found in " + dir
                    + " (set -Dikebana.basedir=<project dir>)");
        }
        return dir;
    }

    public static Path script(String name) {
        return scriptsDir().resolve(name);
    }

    /** {@code target/interop} of the project: instance directories, certificates. */
    public static Path workDir() {
        Path dir = basedir().resolve("target/interop");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Effective uid 0: /proc/self belongs to the process's effective user. */
    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Runs install-deps.sh once per JVM (the script itself serialises parallel JVMs with flock).
     * A failure is remembered, so later callers fail fast with the same message.
     */
    public static synchronized void ensureDeps() {
        if (deps == null) {
            deps = runScript(INSTALL_TIMEOUT, Map.of(), "install-deps.sh");
        }
        deps.orThrow();
    }

    /** The test PKI of mkcerts.sh in {@code target/interop/certs}, generated on first use. */
    public static synchronized Path certs() {
        if (certs == null) {
            ensureDeps();
            Path dir = workDir().resolve("certs");
            runScript(CERTS_TIMEOUT, Map.of(), "mkcerts.sh", dir.toString()).orThrow();
            certs = dir;
        }
        return certs;
    }

    /** Runs one of the harness scripts with {@link #run}. */
    public static Result runScript(Duration timeout, Map<String, String> env, String script, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script(script).toString());
        cmd.addAll(List.of(args));
        return run(timeout, env, cmd);
    }

    /**
     * Runs a command to completion and returns its exit code and output; on timeout it is
     * stopped (with its descendants) and {@link Result#timedOut()} is set.
     *
     * <p>The environment is a minimal one plus {@code env}: the scripts are configured by
     * environment variables, and a variable such as PSK set in the caller's shell must not leak
     * in. Output goes to a temporary file rather than a pipe, so a daemon that inherits it cannot
     * make the read block.
     */
    public static Result run(Duration timeout, Map<String, String> env, List<String> cmd) {
        Path out = null;
        try {
            out = Files.createTempFile("ikb-cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            minimalEnvironment(pb.environment());
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                stop(p, Duration.ofSeconds(2));
            }
            String output = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            return new Result(List.copyOf(cmd), done ? p.exitValue() : -1, output, !done);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file in target/tmp; not worth failing a test for
                }
            }
        }
    }

    static void minimalEnvironment(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        String home = env.getOrDefault("HOME", "/root");
        env.clear();
        env.put("PATH", path.isEmpty() ? SYSTEM_PATH : path + ":" + SYSTEM_PATH);
        env.put("HOME", home);
        // tool output is parsed: no translations
        env.put("LC_ALL", "C");
    }

    /**
     * Stops processes we started, and the processes they started: SIGTERM to all, then SIGKILL
     * to those still alive after {@code grace}. Only these PIDs are signalled.
     */
    static void stop(List<Process> processes, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            all.addAll(p.descendants().toList());
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // still alive: SIGKILL below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void stop(Process p, Duration grace) {
        stop(List.of(p), grace);
    }
}
