package io.ikebana.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * strongSwan clients for {@code ikebana demo}: one private charon (Debian's strongSwan 5.9 with
 * kernel-libipsec, the way the interop tests run it) with a few connections, each its own IKE SA
 * and identity, all started at the demo's first member. Needs root (charon's TUN device, and a
 * private /run because Debian's charon insists on /run/charon.pid) and strongSwan installed;
 * otherwise the demo runs without it. Routes are not installed: the demo only shows where the
 * SAs live and that they keep their SPIs.
 */
final class DemoStrongSwan implements AutoCloseable {
    static final Path CHARON = Path.of("/usr/lib/ipsec/charon");
    static final Path SWANCTL = Path.of("/usr/sbin/swanctl");
    private static final Pattern SA_LINE = Pattern.compile("^(sw\\d+): #\\d+, (\\w+), IKEv2, ([0-9a-f]+)_i\\*? ([0-9a-f]+)_r");
    private static final Pattern REMOTE = Pattern.compile("^\\s+remote '[^']*' @ ([0-9.]+)\\[");

    private final Path dir;
    private final Process charon;
    private final int count;

    private DemoStrongSwan(Path dir, Process charon, int count) {
        this.dir = dir;
        this.charon = charon;
        this.count = count;
    }

    /** strongSwan is installed and we are root. */
    static boolean available() {
        return Files.isExecutable(CHARON) && Files.isExecutable(SWANCTL) && "root".equals(System.getProperty("user.name"));
    }

    /** Starts charon with {@code count} connections to {@code gateway}:{@code port}, or returns null and says why. */
    static DemoStrongSwan startIfAvailable(Path base, String gateway, int port, String psk, int count, PrintStream out)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(CHARON) || !Files.isExecutable(SWANCTL)) {
            out.println("   (strongSwan is not installed: the demo runs with our own clients only)");
            return null;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            out.println("   (not root: strongSwan's kernel-libipsec needs a TUN device; our own clients only)");
            return null;
        }
        Path dir = base.resolve("strongswan");
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("swanctl"));
        Files.writeString(dir.resolve("strongswan.conf"), """
                charon {
                    port = 0
                    port_nat_t = 0
                    load_modular = no
                    load = random nonce openssl curve25519 aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 x509 pubkey \
                revocation constraints socket-default vici attr kernel-libipsec kernel-netlink
                    install_routes = no
                    install_virtual_ip = yes
                    filelog {
                        demo {
                            path = %1$s/charon.log
                            time_format = %%b %%e %%T
                            ike_name = yes
                            flush_line = yes
                            default = 1
                        }
                    }
                    syslog { daemon { default = -1 } }
                    plugins {
                        vici { socket = unix://%1$s/charon.vici }
                        kernel-libipsec { allow_peer_ts = yes }
                    }
                }
                swanctl {
                    socket = unix://%1$s/charon.vici
                }
                """.formatted(dir));
        StringBuilder conns = new StringBuilder("connections {\n");
        StringBuilder secrets = new StringBuilder("secrets {\n");
        for (int i = 1; i <= count; i++) {
            conns.append("""
                      sw%1$d {
                        version = 2
                        remote_addrs = %2$s
                        remote_port = %3$d
                        proposals = aes256gcm16-prfsha256-x25519
                        vips = 0.0.0.0
                        mobike = yes
                        local {
                          auth = psk
                          id = sw%1$d@ikebana.test
                        }
                        remote {
                          auth = psk
                          id = gw.ikebana.test
                        }
                        children {
                          net%1$d {
                            remote_ts = 10.99.200.0/24
                            esp_proposals = aes256gcm16
                          }
                        }
                      }
                    """.formatted(i, gateway, port));
            secrets.append("""
                      ike-%1$d {
                        id-1 = sw%1$d@ikebana.test
                        id-2 = gw.ikebana.test
                        secret = "%2$s"
                      }
                    """.formatted(i, psk));
        }
        Files.writeString(dir.resolve("swanctl/swanctl.conf"), conns.append("}\n").append(secrets).append("}\n"));
        // Debian's charon writes /run/charon.pid: give it a private /run (as the interop harness does)
        ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /run && exec \"$2\"", "sh", dir.resolve("run").toString(), CHARON.toString());
        pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("charon.stdout").toFile());
        Process p = pb.start();
        DemoStrongSwan s = new DemoStrongSwan(dir, p, count);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.exists(dir.resolve("charon.vici")) && p.isAlive() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        if (!p.isAlive() || !Files.exists(dir.resolve("charon.vici"))) {
            out.println("   (strongSwan did not start, see " + dir + "/charon.stdout: our own clients only)");
            s.close();
            return null;
        }
        if (s.swanctl(30, "--load-all").exit != 0) {
            out.println("   (swanctl --load-all failed, see " + dir + ": our own clients only)");
            s.close();
            return null;
        }
        return s;
    }

    /** Initiates every connection; returns how many came up. */
    int initiate() throws IOException, InterruptedException {
        int up = 0;
        for (int i = 1; i <= count; i++) {
            if (swanctl(60, "--initiate", "--child", "net" + i, "--timeout", "30").exit == 0) {
                up++;
            }
        }
        return up;
    }

    /** Connection name → "SPIi_SPIr @ gateway address" of its established IKE SA. */
    Map<String, String> sas() throws IOException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        String conn = null;
        String spis = null;
        for (String line : swanctl(15, "--list-sas").output.split("\n")) {
            Matcher m = SA_LINE.matcher(line);
            if (m.find()) {
                conn = "ESTABLISHED".equals(m.group(2)) ? m.group(1) : null;
                spis = m.group(3) + "_" + m.group(4);
                continue;
            }
            Matcher r = REMOTE.matcher(line);
            if (conn != null && r.find()) {
                out.put(conn, spis + " @ " + r.group(1));
                conn = null;
            }
        }
        return out;
    }

    private record Run(int exit, String output) {
    }

    private Run swanctl(int seconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SWANCTL.toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("swanctl.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
        pb.environment().put("SWANCTL_DIR", dir.resolve("swanctl").toString());
        Process p = pb.start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        return new Run(done ? p.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        // SIGTERM: charon deletes its SAs and the TUN device; the process tree is ours
        charon.descendants().forEach(ProcessHandle::destroy);
        charon.destroy();
        if (!charon.waitFor(10, TimeUnit.SECONDS)) {
            charon.descendants().forEach(ProcessHandle::destroyForcibly);
            charon.destroyForcibly();
        }
    }
}
