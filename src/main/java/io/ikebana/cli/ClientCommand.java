package io.ikebana.cli;

import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.Cidr;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ikebana client}: connects to a gateway, prints the SAs it got, then stays up or exits. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Connect to a gateway as an IKEv2 initiator and print the SAs.")
public final class ClientCommand implements Callable<Integer> {

    @Option(names = {"-g", "--gateway"}, required = true, paramLabel = "HOST:PORT", description = "gateway address")
    String gateway;

    @Option(names = "--bind", paramLabel = "ADDR[:PORT]", description = "local address (default: the one routing to the gateway)")
    String bind;

    @Option(names = "--id", defaultValue = "client@ikebana.test", description = "our identity (default: ${DEFAULT-VALUE})")
    String id;

    @Option(names = "--remote-id", defaultValue = "gw.ikebana.test", description = "the gateway's identity (default: ${DEFAULT-VALUE})")
    String remoteId;

    @Option(names = "--psk", paramLabel = "SECRET", description = "pre-shared key (prefer --psk-file)")
    String psk;

    @Option(names = "--psk-file", paramLabel = "FILE", description = "file holding the pre-shared key")
    Path pskFile;

    @Option(names = "--cert", paramLabel = "PEM", description = "our certificate (chain) for certificate authentication")
    Path cert;

    @Option(names = "--key", paramLabel = "PEM", description = "our private key")
    Path key;

    @Option(names = "--ca", paramLabel = "PEM", description = "CA of the gateway's certificate (repeatable)")
    List<Path> cas = new ArrayList<>();

    @Option(names = "--ike", split = ",", defaultValue = "aes256gcm16-prfsha256-x25519",
            description = "IKE proposals (default: ${DEFAULT-VALUE})")
    List<String> ike;

    @Option(names = "--esp", split = ",", defaultValue = "aes256gcm16", description = "ESP proposals (default: ${DEFAULT-VALUE})")
    List<String> esp;

    @Option(names = "--no-vip", description = "do not ask for a virtual IP")
    boolean noVip;

    @Option(names = "--ts", split = ",", defaultValue = "0.0.0.0/0", description = "remote traffic selectors (default: ${DEFAULT-VALUE})")
    List<String> ts;

    @Option(names = {"-n", "--count"}, defaultValue = "1", description = "number of IKE SAs (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--stay", description = "stay up (until interrupted) instead of deleting the SAs and exiting")
    boolean stay;

    @Option(names = "--hold", defaultValue = "0", paramLabel = "SECONDS", description = "keep the SAs this long before exiting")
    int hold;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "give up after (default: ${DEFAULT-VALUE})")
    int timeout;

    @Option(names = "--ping", paramLabel = "ADDR",
            description = "after connecting, ping this address through each Child SA (in-memory data plane)")
    String ping;

    @Option(names = "--ping-count", defaultValue = "3", description = "pings per SA (default: ${DEFAULT-VALUE})")
    int pingCount;

    @Option(names = "--clone", defaultValue = "0", paramLabel = "N",
            description = "clone each IKE SA N times (RFC 7791); clone i gets a Child SA for address i+1 of the first --ts")
    int clones;

    @Option(names = "--tcp", description = "IKE and ESP in TCP only (RFC 9329), e.g. where UDP is blocked")
    boolean tcp;

    @Option(names = "--no-tcp-fallback", description = "without --tcp: stay on UDP even when UDP gets no answer")
    boolean noTcpFallback;

    @Option(names = "--tcp-port", paramLabel = "PORT",
            description = "the gateway's TCP port (default: 4500 for gateway port 500, else the gateway port + 1, "
                    + "as in the unprivileged 5500/5501 layout)")
    Integer tcpPort;

    @Option(names = "--udp-tries", defaultValue = "1", paramLabel = "N",
            description = "unanswered IKE_SA_INIT retransmissions over UDP before falling back to TCP (default: ${DEFAULT-VALUE})")
    int udpTries;

    @Option(names = "--retransmit-timeout", paramLabel = "MS",
            description = "first retransmission timeout in milliseconds (default: the engine's, 2000)")
    Integer retransmitTimeout;

    @Option(names = "--ike-rekey", defaultValue = "0", paramLabel = "SECONDS", description = "rekey the IKE SA every N s (0: never)")
    int ikeRekey;

    @Option(names = "--child-rekey", defaultValue = "0", paramLabel = "SECONDS", description = "rekey Child SAs every N s (0: never)")
    int childRekey;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ClientOptions opts = options();
        Vertx vertx = Vertx.vertx();
        try (IkeClient client = new IkeClient(opts, vertx)) {
            client.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
            client.addListener(new io.ikebana.ike.EngineListener() {
                @Override
                public void rekeyed(IkeSa from, IkeSa to) {
                    out.printf("IKE SA rekeyed: %016x_i %016x_r -> %016x_i %016x_r%n", from.spiI(), from.spiR(), to.spiI(),
                            to.spiR());
                }

                @Override
                public void childInstalled(IkeSa sa, io.ikebana.ike.ChildSaState child) {
                    if (up.get()) {
                        out.printf("Child SA installed: %08x_i %08x_o%n", child.inboundSpi(), child.outboundSpi());
                    }
                }

                @Override
                public void deleted(IkeSa sa, String reason) {
                    out.printf("IKE SA %016x_i %016x_r deleted: %s%n", sa.spiI(), sa.spiR(), reason);
                }
            });
            List<CompletableFuture<IkeSa>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(client.connect());
            }
            int failed = 0;
            for (CompletableFuture<IkeSa> f : all) {
                try {
                    print(out, f.get(timeout, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    failed++;
                    out.println("failed: " + (e.getCause() != null ? e.getCause().getMessage() : "timeout"));
                }
            }
            out.printf("%d of %d IKE SAs established%n", count - failed, count);
            up.set(true);
            if (client.fallbacks() > 0) {
                out.printf("%d fell back from UDP to TCP (RFC 9329)%n", client.fallbacks());
            }
            if (clones > 0) {
                failed += cloneAll(out, client, opts);
            }
            if (ping != null) {
                failed += ping(out, client);
            }
            if (stay) {
                Thread.currentThread().join();
            }
            if (hold > 0) {
                Thread.sleep(hold * 1000L);
                if (ping != null) {
                    // traffic still flows after what happened meanwhile (rekeys, moves)
                    failed += ping(out, client);
                }
            }
            for (IkeSa sa : client.sas()) {
                client.engine().delete(sa.localSpi());
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.sas().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            return failed == 0 ? 0 : 1;
        } finally {
            vertx.close();
        }
    }

    private int cloneAll(PrintStream out, IkeClient client, ClientOptions opts) throws Exception {
        int bad = 0;
        TrafficSelector base = opts.remoteTs().get(0);
        for (IkeSa sa : client.sas()) {
            if (sa.clonedFrom() != 0) {
                continue;
            }
            for (int i = 1; i <= clones; i++) {
                InetAddress target = Cidr.parse(base.startAddress().getHostAddress() + "/" + (base.isIpv4() ? 32 : 128))
                        .at(java.math.BigInteger.valueOf(i + 1));
                try {
                    IkeSa clone = client.cloneWithChild(sa, List.of(TrafficSelector.ofAddress(target)))
                            .get(timeout, TimeUnit.SECONDS);
                    out.printf("cloned into %s%n", clone);
                    cloneTargets.put(clone.localSpi(), (java.net.Inet4Address) target);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    out.println("clone failed: " + (e.getCause() != null ? e.getCause().getMessage() : "timeout"));
                    bad++;
                }
            }
        }
        return bad;
    }

    private final java.util.Map<Long, java.net.Inet4Address> cloneTargets = new java.util.concurrent.ConcurrentHashMap<>();

    private int ping(PrintStream out, IkeClient client) throws Exception {
        int lost = 0;
        for (IkeSa sa : client.sas()) {
            java.net.Inet4Address target = cloneTargets.getOrDefault(sa.localSpi(),
                    (java.net.Inet4Address) InetAddress.getByName(ping));
            int ok = 0;
            long rtt = 0;
            for (int i = 0; i < pingCount; i++) {
                long t0 = System.nanoTime();
                try {
                    client.ping(sa, target, i, 56).get(2, TimeUnit.SECONDS);
                    rtt += System.nanoTime() - t0;
                    ok++;
                } catch (java.util.concurrent.TimeoutException e) {
                    // counted below
                }
            }
            out.printf("ping %s from %s: %d/%d replies%s%n", target.getHostAddress(),
                    sa.virtualIps().isEmpty() ? "-" : sa.virtualIps().get(0).getHostAddress(), ok, pingCount,
                    ok > 0 ? String.format(", avg rtt %.2f ms", rtt / 1e6 / ok) : "");
            if (ok < pingCount) {
                lost++;
            }
        }
        return lost;
    }

    ClientOptions options() throws Exception {
        Secret secret = null;
        if (pskFile != null) {
            secret = Secret.wrap(Files.readString(pskFile).strip().getBytes(StandardCharsets.UTF_8));
        } else if (psk != null) {
            secret = Secret.wrap(psk.getBytes(StandardCharsets.UTF_8));
        }
        if (cert == null && secret == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "give --psk/--psk-file or --cert/--key");
        }
        List<CryptoProposal> ikeP = new ArrayList<>();
        for (String p : ike) {
            ikeP.add(CryptoProposal.parse(p, false));
        }
        List<CryptoProposal> espP = new ArrayList<>();
        for (String p : esp) {
            espP.add(CryptoProposal.parse(p, true));
        }
        List<TrafficSelector> remote = new ArrayList<>();
        for (String t : ts) {
            Cidr c = Cidr.parse(t);
            remote.add(TrafficSelector.ofSubnet(c.network(), c.prefix()));
        }
        EngineConfig.Timers d = EngineConfig.Timers.defaults();
        EngineConfig.Timers timers = new EngineConfig.Timers(ikeRekey * 1000L, childRekey * 1000L, 0,
                d.halfOpenMillis(), retransmitTimeout != null ? retransmitTimeout : d.retransmitTimeoutMillis(),
                d.retransmitBase(), d.retransmitTries(), d.jitterPercent());
        AuthMethod gwAuth = cas.isEmpty() ? AuthMethod.PSK : AuthMethod.PUBKEY;
        InetSocketAddress gw = address(gateway, 500);
        int tp = tcpPort != null ? tcpPort : gw.getPort() == 500 ? 4500 : gw.getPort() + 1;
        io.ikebana.client.TcpOptions t = tcp ? io.ikebana.client.TcpOptions.tcp(tp)
                : noTcpFallback ? io.ikebana.client.TcpOptions.udpOnly()
                : io.ikebana.client.TcpOptions.fallback(tp, Math.max(1, udpTries));
        return new ClientOptions(gw, bind == null ? null : address(bind, 0), Identity.parse(id),
                Identity.parse(remoteId), secret, cert, key, cas, gwAuth, ikeP, espP, !noVip, remote, timers,
                count == 1, t);
    }

    static InetSocketAddress address(String s, int defPort) throws Exception {
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.indexOf(':') == colon) {
            return new InetSocketAddress(InetAddress.getByName(s.substring(0, colon)),
                    Integer.parseInt(s.substring(colon + 1)));
        }
        if (s.startsWith("[") && s.contains("]:")) {
            int end = s.indexOf("]:");
            return new InetSocketAddress(InetAddress.getByName(s.substring(1, end)), Integer.parseInt(s.substring(end + 2)));
        }
        return new InetSocketAddress(InetAddress.getByName(s), defPort);
    }

    static void print(PrintStream out, IkeSa sa) {
        out.printf("established %s%n", sa);
        for (InetAddress v : sa.virtualIps()) {
            out.printf("  virtual ip %s%n", v.getHostAddress());
        }
        for (ChildSaState c : sa.children()) {
            out.printf("  %s%n", c);
        }
    }
}
