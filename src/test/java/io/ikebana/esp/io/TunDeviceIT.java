package io.ikebana.esp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real TUN device in a network namespace of its own: the kernel's ping reaches our reader thread,
 * and the echo reply we write is accepted by the kernel's ICMP (ping succeeds, InEchoReps counts it).
 * Needs root and /dev/net/tun (CI has both); skipped only when either is missing.
 */
class TunDeviceIT {

    private static final String NS = "ikb-esp-it-" + ProcessHandle.current().pid();
    private static final String DEV = "ikbtun" + (ProcessHandle.current().pid() % 10000);
    private static final String LOCAL = "10.231.0.1";
    private static final String PEER = "10.231.0.2";

    @BeforeAll
    static void namespace() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun");
        assumeTrue("root".equals(System.getProperty("user.name")), "not root");
        IpCommand.exec(List.of("ip", "netns", "add", NS));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (Files.exists(Path.of("/run/netns", NS))) {
            IpCommand.exec(List.of("ip", "netns", "del", NS));
        }
    }

    @Test
    void pingThroughTheDeviceAndAnswerIt() throws Exception {
        BlockingQueue<byte[]> requests = new ArrayBlockingQueue<>(64);
        TunConfig config = new TunConfig(DEV, 1400, List.of(LOCAL + "/24"), List.of("10.232.0.0/16"), NS);
        try (TunPacketIo tun = TunPacketIo.open(config)) {
            assertEquals(DEV, tun.name());
            assertTrue(run("ip", "-n", NS, "link", "show", DEV).contains("mtu 1400"));
            assertTrue(run("ip", "-n", NS, "route", "show").contains("10.232.0.0/16 dev " + DEV));
            tun.start((buf, off, len) -> {
                // keep ICMP echo requests (IPv4, protocol 1, type 8); the kernel also sends IPv6 noise
                if (len >= 28 && (buf[off] >> 4) == 4 && buf[off + 9] == 1 && buf[off + 20] == 8) {
                    byte[] request = java.util.Arrays.copyOfRange(buf, off, off + len);
                    requests.offer(request);
                    byte[] reply = echoReply(request);
                    assertTrue(tun.write(reply, 0, reply.length), "kernel accepts the reply");
                }
            });
            long repliesBefore = inEchoReps();
            Process ping = new ProcessBuilder("ip", "netns", "exec", NS, "ping", "-c1", "-W5", PEER)
                    .redirectErrorStream(true).start();
            byte[] request = requests.poll(10, TimeUnit.SECONDS);
            assertNotNull(request, "echo request from the kernel reaches the reader thread");
            assertEquals(LOCAL, address(request, 12));
            assertEquals(PEER, address(request, 16));
            assertTrue(ping.waitFor(10, TimeUnit.SECONDS));
            String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, ping.exitValue(), out);
            assertEquals(repliesBefore + 1, inEchoReps());

            // routed prefix: a packet to 10.232.5.5 goes to the device too
            Process ping2 = new ProcessBuilder("ip", "netns", "exec", NS, "ping", "-c1", "-W5", "10.232.5.5")
                    .redirectErrorStream(true).start();
            byte[] routed = requests.poll(10, TimeUnit.SECONDS);
            assertNotNull(routed);
            assertEquals("10.232.5.5", address(routed, 16));
            assertTrue(ping2.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, ping2.exitValue());
        }
        // the device disappears with its descriptor
        assertTrue(!run("ip", "-n", NS, "link", "show").contains(DEV));
    }

    /** Echo reply for an IPv4 echo request: swap addresses, type 0, fix the ICMP checksum. */
    private static byte[] echoReply(byte[] request) {
        byte[] r = request.clone();
        System.arraycopy(request, 12, r, 16, 4);
        System.arraycopy(request, 16, r, 12, 4);
        int ihl = (r[0] & 0x0f) * 4;
        r[ihl] = 0;
        r[ihl + 2] = 0;
        r[ihl + 3] = 0;
        int sum = 0;
        for (int i = ihl; i < r.length; i += 2) {
            int hi = r[i] & 0xff;
            int lo = i + 1 < r.length ? r[i + 1] & 0xff : 0;
            sum += hi << 8 | lo;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        r[ihl + 2] = (byte) (~sum >> 8);
        r[ihl + 3] = (byte) ~sum;
        return r; // IPv4 header checksum unchanged: swapping two words keeps the one's-complement sum
    }

    private static String address(byte[] p, int at) {
        return (p[at] & 0xff) + "." + (p[at + 1] & 0xff) + "." + (p[at + 2] & 0xff) + "." + (p[at + 3] & 0xff);
    }

    /** Icmp InEchoReps from /proc/net/snmp inside the namespace. */
    private static long inEchoReps() throws Exception {
        String[] lines = run("ip", "netns", "exec", NS, "cat", "/proc/net/snmp").split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("Icmp:") && lines[i + 1].startsWith("Icmp:")) {
                List<String> names = List.of(lines[i].split("\\s+"));
                return Long.parseLong(lines[i + 1].split("\\s+")[names.indexOf("InEchoReps")]);
            }
        }
        throw new IllegalStateException("no Icmp line");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
