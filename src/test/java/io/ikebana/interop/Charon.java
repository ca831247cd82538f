package io.ikebana.interop;

import io.ikebana.interop.InteropEnvironment.Result;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real strongSwan charon in a test namespace: an instance directory made by mkinst.sh
 * (settings = its environment variables, documented at the top of that script), run by
 * run-charon.sh, driven with swanctl.
 *
 * <pre>{@code
 * try (Netns net = Netns.create("i:10.99.0.1", "gw:10.99.0.2");
 *      Charon client = Charon.initiator(net, "i", Map.of("REMOTE_ADDR", "10.99.0.2"))) {
 *     client.initiate("net").orThrow();
 *     Charon.IkeSa sa = client.listSas().get(0);
 * }
 * }</pre>
 *
 * The default connection is named {@value #INITIATOR_CONN} (initiator) or {@value #RESPONDER_CONN}
 * (responder) with one child {@value #CHILD}. With {@code AUTH=pubkey} and no {@code CERT_DIR},
 * the certificates of {@link InteropEnvironment#certs()} are used.
 */
public final class Charon implements AutoCloseable {

    public static final String INITIATOR_CONN = "ikb";
    public static final String RESPONDER_CONN = "rw";
    public static final String CHILD = "net";
    /** Setting: the complete swanctl.conf to load instead of the generated one. */
    public static final String SWANCTL_CONF = "SWANCTL_CONF";

    /** More than strongSwan's own give-up time with mkinst.sh's retransmit settings (~24 s). */
    public static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    public enum Role {
        INITIATOR, RESPONDER;

        String arg() {
            return name().toLowerCase();
        }
    }

    /** One CHILD_SA as listed by swanctl; {@code attributes} has every listed field. */
    public record ChildSa(String name, String state, String mode, String protocol, String spiIn, String spiOut,
                          List<String> localTs, List<String> remoteTs, Map<String, String> attributes) {
    }

    /**
     * One IKE_SA as listed by swanctl. {@code name} is the connection name; SPIs are hex as
     * swanctl prints them; {@code attributes} has every scalar field (encr-alg, dh-group, ...).
     */
    public record IkeSa(String name, String uniqueId, String state, boolean initiator,
                        String localHost, String localPort, String localId,
                        String remoteHost, String remotePort, String remoteId,
                        String initiatorSpi, String responderSpi,
                        List<String> localVips, List<String> remoteVips,
                        List<ChildSa> children, Map<String, String> attributes) {

        public String localSpi() {
            return initiator ? initiatorSpi : responderSpi;
        }

        public String remoteSpi() {
            return initiator ? responderSpi : initiatorSpi;
        }

        public boolean established() {
            return "ESTABLISHED".equals(state);
        }
    }

    private final Path dir;
    private final String host;
    private final Role role;
    private final Process process;

    private Charon(Path dir, String host, Role role, Process process) {
        this.dir = dir;
        this.host = host;
        this.role = role;
        this.process = process;
    }

    /** An initiator in {@code target/interop/PREFIX/HOST-initiator}. */
    public static Charon initiator(Netns net, String host, Map<String, String> settings) {
        return start(Role.INITIATOR, net, host, defaultDir(net, host, Role.INITIATOR), settings);
    }

    /** A responder in {@code target/interop/PREFIX/HOST-responder}. */
    public static Charon responder(Netns net, String host, Map<String, String> settings) {
        return start(Role.RESPONDER, net, host, defaultDir(net, host, Role.RESPONDER), settings);
    }

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    /** A fresh directory per instance, so that each test's charon.log survives for the report. */
    private static Path defaultDir(Netns net, String host, Role role) {
        return InteropEnvironment.workDir().resolve(net.prefix())
                .resolve(host + "-" + role.arg() + "-" + INSTANCES.incrementAndGet());
    }

    /**
     * Generates the instance in {@code dir}, starts charon in the host's namespace, waits for its
     * vici socket and loads its configuration. Stops it again if any step fails.
     */
    public static Charon start(Role role, Netns net, String host, Path dir, Map<String, String> settings) {
        InteropEnvironment.ensureDeps();
        Map<String, String> env = new HashMap<>(settings);
        if ("pubkey".equals(env.get("AUTH")) && !env.containsKey("CERT_DIR")) {
            env.put("CERT_DIR", InteropEnvironment.certs().toString());
        }
        dir = dir.toAbsolutePath();
        InteropEnvironment.runScript(InteropEnvironment.DEFAULT_TIMEOUT, env, "mkinst.sh", dir.toString(), role.arg())
                .orThrow();
        if (settings.containsKey(SWANCTL_CONF)) {
            // a whole swanctl.conf of the caller's (e.g. the one README.md shows) instead of mkinst's
            try {
                Files.writeString(dir.resolve("swanctl/swanctl.conf"), settings.get(SWANCTL_CONF));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Process p;
        try {
            // a socket left by an earlier instance in this directory would look like ours
            Files.deleteIfExists(dir.resolve("charon.vici"));
            ProcessBuilder pb = new ProcessBuilder(InteropEnvironment.script("run-charon.sh").toString(),
                    "run", dir.toString(), net.ns(host))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("charon.stdout").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            InteropEnvironment.minimalEnvironment(pb.environment());
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start charon in " + dir, e);
        }
        net.track(p);
        Charon charon = new Charon(dir, host, role, p);
        try {
            charon.awaitVici();
            charon.swanctl("--load-all", "--noprompt").orThrow();
            return charon;
        } catch (RuntimeException e) {
            charon.close();
            throw e;
        }
    }

    private void awaitVici() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path socket = dir.resolve("charon.vici");
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("charon in " + dir + " exited with " + process.exitValue()
                        + ":\n" + read(dir.resolve("charon.stdout")) + "\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no vici socket after " + START_TIMEOUT + " in " + dir + "\n" + log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public String host() {
        return host;
    }

    public Role role() {
        return role;
    }

    /** charon's own PID (run-charon.sh execs into it). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The connection name mkinst.sh used, unless CONN was set. */
    public String defaultConnection() {
        return role == Role.INITIATOR ? INITIATOR_CONN : RESPONDER_CONN;
    }

    public Result swanctl(String... args) {
        return swanctl(InteropEnvironment.DEFAULT_TIMEOUT, args);
    }

    public Result swanctl(Duration timeout, String... args) {
        List<String> full = new ArrayList<>(List.of("swanctl", dir.toString()));
        full.addAll(List.of(args));
        return InteropEnvironment.runScript(timeout, Map.of(), "run-charon.sh", full.toArray(String[]::new));
    }

    /** Establishes the CHILD_SA (and its IKE_SA if needed); the result has the exchange log. */
    public Result initiate(String child) {
        return swanctl(EXCHANGE_TIMEOUT, "--initiate", "--child", child);
    }

    /** Deletes an IKE_SA by connection name, waiting for the peer's answer. */
    public Result terminateIke(String name) {
        return swanctl(EXCHANGE_TIMEOUT, "--terminate", "--ike", name);
    }

    public List<IkeSa> listSas() {
        return parseSas(swanctl("--list-sas", "--pretty").orThrow().output());
    }

    /** Polls {@link #listSas()} until {@code condition} holds; throws with the log on timeout. */
    public List<IkeSa> awaitSas(Duration timeout, Predicate<List<IkeSa>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<IkeSa> sas = listSas();
            if (condition.test(sas)) {
                return sas;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("SA condition not met after " + timeout + ": " + sas + "\n" + log());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Content of DIR/charon.log (levels: LOG_* settings). */
    public String log() {
        return read(dir.resolve("charon.log"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM to charon's PID (it deletes its SAs, telling the peers), SIGKILL after 10 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            InteropEnvironment.stop(process, STOP_GRACE);
        }
    }

    @Override
    public String toString() {
        return "Charon[" + role.arg() + " " + host + " pid " + process.pid() + " " + dir + "]";
    }

    /**
     * Parses {@code swanctl --list-sas --pretty}: one line per item, {@code name {} ... {@code }},
     * {@code key = value} with the value up to the end of the line (identities contain spaces and
     * commas, which makes {@code --raw} ambiguous), and lists as {@code key = [}, items, {@code ]}.
     */
    static List<IkeSa> parseSas(String pretty) {
        List<IkeSa> sas = new ArrayList<>();
        for (Map.Entry<String, Object> event : parseTree(pretty).entrySet()) {
            if (!event.getKey().startsWith("list-sa event") || !(event.getValue() instanceof Map<?, ?> body)) {
                continue;
            }
            for (Map.Entry<?, ?> e : body.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> sa) {
                    sas.add(toIkeSa((String) e.getKey(), sa));
                }
            }
        }
        return sas;
    }

    private static IkeSa toIkeSa(String name, Map<?, ?> sa) {
        List<ChildSa> children = new ArrayList<>();
        if (sa.get("child-sas") instanceof Map<?, ?> childSas) {
            for (Object c : childSas.values()) {
                if (c instanceof Map<?, ?> child) {
                    children.add(new ChildSa(str(child, "name"), str(child, "state"), str(child, "mode"),
                            str(child, "protocol"), str(child, "spi-in"), str(child, "spi-out"),
                            list(child, "local-ts"), list(child, "remote-ts"), scalars(child)));
                }
            }
        }
        return new IkeSa(name, str(sa, "uniqueid"), str(sa, "state"), "yes".equals(sa.get("initiator")),
                str(sa, "local-host"), str(sa, "local-port"), str(sa, "local-id"),
                str(sa, "remote-host"), str(sa, "remote-port"), str(sa, "remote-id"),
                str(sa, "initiator-spi"), str(sa, "responder-spi"),
                list(sa, "local-vips"), list(sa, "remote-vips"), List.copyOf(children), scalars(sa));
    }

    private static String str(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    private static List<String> list(Map<?, ?> m, String key) {
        List<String> out = new ArrayList<>();
        if (m.get(key) instanceof List<?> l) {
            l.forEach(o -> out.add((String) o));
        }
        return List.copyOf(out);
    }

    private static Map<String, String> scalars(Map<?, ?> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v instanceof String s) {
                out.put((String) k, s);
            }
        });
        return out;
    }

    /** Section name to value: String, List of String, or a nested Map (insertion ordered). */
    private static Map<String, Object> parseTree(String text) {
        Map<String, Object> root = new LinkedHashMap<>();
        Deque<Map<String, Object>> stack = new ArrayDeque<>();
        stack.push(root);
        List<String> list = null;
        int n = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (list != null) {
                if (line.equals("]")) {
                    list = null;
                } else {
                    list.add(line);
                }
            } else if (line.endsWith(" {") || line.equals("{")) {
                Map<String, Object> section = new LinkedHashMap<>();
                String key = line.substring(0, line.length() - 1).strip();
                // two "list-sa event" sections at top level: keep both
                stack.peek().put(stack.size() == 1 ? key + "#" + n++ : key, section);
                stack.push(section);
            } else if (line.equals("}")) {
                if (stack.size() > 1) {
                    stack.pop();
                }
            } else {
                int eq = line.indexOf(" =");
                if (eq < 0) {
                    continue; // not part of the format (e.g. a warning line)
                }
                String key = line.substring(0, eq);
                String value = line.substring(eq + 2).strip();
                if (value.equals("[")) {
                    list = new ArrayList<>();
                    stack.peek().put(key, list);
                } else {
                    stack.peek().put(key, value);
                }
            }
        }
        return root;
    }
}
