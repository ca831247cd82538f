package io.ikebana.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A {@link ClusterMemberMain} JVM started by a test, driven line by line. */
final class MemberProcess implements AutoCloseable {
    final String name;
    final Process process;
    private final PrintStream in;
    private final BufferedReader out;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "member-process-reader");
        t.setDaemon(true);
        return t;
    });

    private MemberProcess(String name, Process p) {
        this.name = name;
        this.process = p;
        this.in = new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    static Path basedir() {
        return Path.of(System.getProperty("ikebana.basedir", ".")).toAbsolutePath();
    }

    static Path jar() {
        String p = System.getProperty("ikebana.jar");
        Path jar = p != null ? Path.of(p) : basedir().resolve("target/ikebana.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " missing: run mvn package first");
        }
        return jar;
    }

    /** Starts member {@code name} on {@code host:port} with the given member list; waits for READY. */
    static MemberProcess start(String name, String host, int port, String clusterName, List<String> members,
            Path logDir) {
        return start(name, host, port, clusterName, members, logDir, 2);
    }

    static MemberProcess start(String name, String host, int port, String clusterName, List<String> members,
            Path logDir, int minimumClusterSize) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dhazelcast.socket.bind.any=false",
                "-Dikebana.test.minimumClusterSize=" + minimumClusterSize,
                "-cp", jar() + java.io.File.pathSeparator + basedir().resolve("target/test-classes"),
                ClusterMemberMain.class.getName(), name, host, Integer.toString(port), clusterName,
                basedir().resolve("cluster/hazelcast-local.yaml").toString()));
        cmd.addAll(members);
        try {
            Files.createDirectories(logDir);
            Process p = new ProcessBuilder(cmd).redirectError(logDir.resolve(name + ".log").toFile()).start();
            MemberProcess m = new MemberProcess(name, p);
            String ready = m.readLine(60);
            if (!ready.startsWith("READY")) {
                throw new IllegalStateException(name + " did not start: " + ready);
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command; returns the text after "OK ", or fails on ERR or after {@code seconds}. */
    String call(String command, int seconds) {
        in.println(command);
        String r = readLine(seconds);
        if (!r.startsWith("OK")) {
            throw new AssertionError(name + ": " + command + " -> " + r);
        }
        return r.length() > 3 ? r.substring(3) : "";
    }

    String call(String command) {
        return call(command, 60);
    }

    private String readLine(int seconds) {
        Future<String> f = reader.submit(out::readLine);
        try {
            String s = f.get(seconds, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError(name + " exited");
            }
            return s;
        } catch (Exception e) {
            f.cancel(true);
            throw new AssertionError(name + ": no answer", e);
        }
    }

    /** Sends {@code signal} (STOP, CONT) to this member's JVM. */
    void signal(String signal) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (k.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }

    /** Sends a command and returns the whole answer line (OK or ERR). */
    String raw(String command, int seconds) {
        in.println(command);
        return readLine(seconds);
    }

    /** SIGKILL, as a crash: no goodbye to the cluster. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                in.println("quit");
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        reader.shutdownNow();
    }
}
