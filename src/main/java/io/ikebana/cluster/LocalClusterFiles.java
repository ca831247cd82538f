package io.ikebana.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The files of a cluster whose members all run on this machine (the demo, the multi-process
 * tests and benchmarks): a Hazelcast configuration with a fixed member list on one port, and a
 * fresh cluster key.
 */
public final class LocalClusterFiles {

    private LocalClusterFiles() {
    }

    /**
     * {@code hazelcast.yaml} for members at {@code hosts}, each on {@code port}: TCP/IP join only,
     * bound to its own address, heartbeats every second and a member declared lost after
     * {@code lostAfterSeconds} without one.
     */
    public static String hazelcastYaml(String clusterName, List<String> hosts, int port, int lostAfterSeconds) {
        StringBuilder list = new StringBuilder();
        for (String h : hosts) {
            list.append("          - ").append(h).append(':').append(port).append('\n');
        }
        return """
                hazelcast:
                  cluster-name: %s
                  network:
                    port: {port: %d, auto-increment: false}
                    join:
                      multicast: {enabled: false}
                      auto-detection: {enabled: false}
                      tcp-ip:
                        enabled: true
                        member-list:
                %s
                  properties:
                    hazelcast.socket.bind.any: false
                    hazelcast.heartbeat.interval.seconds: 1
                    hazelcast.max.no.heartbeat.seconds: %d
                    hazelcast.wait.seconds.before.join: 1
                    hazelcast.phone.home.enabled: false
                    hazelcast.logging.type: jdk
                """.formatted(clusterName, port, list.toString().stripTrailing(), lostAfterSeconds);
    }

    /** Writes a fresh random 32-octet cluster key, hex, to {@code file}. */
    public static void writeClusterKey(Path file, SecureRandom random) throws IOException {
        byte[] key = new byte[32];
        random.nextBytes(key);
        Files.writeString(file, HexFormat.of().formatHex(key));
    }
}
