package io.ikebana.interop;

import io.ikebana.interop.InteropEnvironment.Result;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A private test network (netns.sh): one namespace per host, all on one bridge, under a prefix
 * unique to this instance, so parallel tests and other users of namespaces do not collide.
 *
 * <pre>{@code
 * try (Netns net = Netns.create("i:10.99.0.1", "r:10.99.0.2")) {
 *     net.addAddress("r", "10.99.200.1/32", "lo");
 *     net.exec("i", "ping", "-c", "1", "10.99.0.2").orThrow();
 * }
 * }</pre>
 *
 * {@link #close()} stops the processes started through this object (by PID: SIGTERM, then
 * SIGKILL) and deletes its namespaces. A JVM shutdown hook does the same if a test is aborted.
 */
public final class Netns implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Duration PROCESS_GRACE = Duration.ofSeconds(10);

    private final String prefix;
    private final Set<String> hosts;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::cleanUp, "netns-cleanup");
    private boolean closed;

    private Netns(String prefix, Set<String> hosts) {
        this.prefix = prefix;
        this.hosts = hosts;
    }

    /**
     * Creates namespaces {@code PREFIX-HOST} for specs {@code HOST:IPV4[/LEN][,IPV4...]}
     * (default length /24; each address also gets an fd99:: twin, see netns.sh).
     */
    public static Netns create(String... hostSpecs) {
        if (hostSpecs.length == 0) {
            throw new IllegalArgumentException("no hosts");
        }
        InteropEnvironment.ensureDeps();
        Set<String> hosts = new LinkedHashSet<>();
        for (String spec : hostSpecs) {
            hosts.add(spec.substring(0, Math.max(0, spec.indexOf(':'))));
        }
        Netns net = new Netns(uniquePrefix(), hosts);
        Runtime.getRuntime().addShutdownHook(net.shutdownHook);
        List<String> args = new ArrayList<>(List.of("up", net.prefix));
        args.addAll(List.of(hostSpecs));
        Result up = InteropEnvironment.runScript(InteropEnvironment.DEFAULT_TIMEOUT, Map.of(), "netns.sh",
                args.toArray(String[]::new));
        if (!up.ok()) {
            net.close();
            throw new IllegalStateException(up.describe());
        }
        return net;
    }

    /** "ikb" + 5 random characters, checked against the namespaces that exist now. */
    private static String uniquePrefix() {
        String existing = InteropEnvironment.run(InteropEnvironment.DEFAULT_TIMEOUT, Map.of(),
                List.of("ip", "netns", "list")).orThrow().output();
        while (true) {
            StringBuilder sb = new StringBuilder("ikb");
            for (int i = 0; i < 5; i++) {
                sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            String candidate = sb.toString();
            if (existing.lines().noneMatch(l -> l.startsWith(candidate + "-"))) {
                return candidate;
            }
        }
    }

    public String prefix() {
        return prefix;
    }

    /** Namespace name of a host, for commands that take one (ip netns exec NAME ...). */
    public String ns(String host) {
        if (!hosts.contains(host)) {
            throw new IllegalArgumentException("unknown host " + host + " (have " + hosts + ")");
        }
        return prefix + "-" + host;
    }

    /** Runs a command inside the host's namespace with {@link InteropEnvironment#DEFAULT_TIMEOUT}. */
    public Result exec(String host, String... cmd) {
        return exec(InteropEnvironment.DEFAULT_TIMEOUT, host, cmd);
    }

    public Result exec(Duration timeout, String host, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(List.of(cmd));
        return InteropEnvironment.run(timeout, Map.of(), full);
    }

    /** {@code ip ARGS...} in the host's namespace; throws if it fails. */
    public Result ip(String host, String... args) {
        List<String> full = new ArrayList<>(List.of("ip", "-n", ns(host)));
        full.addAll(List.of(args));
        return InteropEnvironment.run(InteropEnvironment.DEFAULT_TIMEOUT, Map.of(), full).orThrow();
    }

    /** Adds an address (with length) to eth0. */
    public void addAddress(String host, String cidr) {
        addAddress(host, cidr, "eth0");
    }

    public void addAddress(String host, String cidr, String dev) {
        if (cidr.contains(":")) {
            // usable at once, like the addresses netns.sh adds
            ip(host, "addr", "add", cidr, "dev", dev, "nodad");
        } else {
            ip(host, "addr", "add", cidr, "dev", dev);
        }
    }

    public void addRoute(String host, String destination, String via) {
        ip(host, "route", "add", destination, "via", via);
    }

    /**
     * Starts a long-running command (e.g. a JVM) inside the host's namespace, output and errors
     * to {@code log}, in the caller's environment. Stopped by {@link #close()} unless it ended.
     */
    public synchronized Process start(String host, List<String> cmd, Path log) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(cmd);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            track(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + full, e);
        }
    }

    /** Makes {@link #close()} stop a process started elsewhere for this network (Charon). */
    synchronized void track(Process p) {
        if (closed) {
            InteropEnvironment.stop(p, PROCESS_GRACE);
            throw new IllegalStateException("network " + prefix + " is closed");
        }
        processes.add(p);
    }

    @Override
    public void close() {
        Result down = cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (harmlessly) anyway
        }
        if (down != null) {
            down.orThrow();
        }
    }

    /** Idempotent; returns netns.sh's result the first time, null afterwards. */
    private synchronized Result cleanUp() {
        if (closed) {
            return null;
        }
        closed = true;
        InteropEnvironment.stop(processes.stream().filter(Process::isAlive).toList(), PROCESS_GRACE);
        return InteropEnvironment.runScript(InteropEnvironment.DEFAULT_TIMEOUT, Map.of(), "netns.sh", "down", prefix);
    }

    @Override
    public String toString() {
        return "Netns[" + prefix + " " + hosts + "]";
    }
}
