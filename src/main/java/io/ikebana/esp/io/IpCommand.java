package io.ikebana.esp.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} (no shell), optionally inside a network namespace ({@code ip -n}). */
final class IpCommand {

    private final String netns;

    IpCommand(String netns) {
        this.netns = netns;
    }

    void run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        if (!netns.isEmpty()) {
            command.add("-n");
            command.add(netns);
        }
        command.addAll(List.of(args));
        exec(command);
    }

    static void exec(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
        }
    }
}
