package io.ikebana.cli;

import io.ikebana.client.ClientOptions;
import io.ikebana.client.InitFlood;
import io.ikebana.client.LoadGenerator;
import io.ikebana.client.TargetGuard;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.Cidr;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ikebana loadgen}: many legitimate clients, and optionally an IKE_SA_INIT flood at the same
 * time; prints success rates. Bounded in count and time; only aims at loopback or test
 * namespaces.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
        description = "Generate IKE load (legitimate clients) and, optionally, an IKE_SA_INIT flood.")
public final class LoadgenCommand implements Callable<Integer> {

    @Option(names = {"-g", "--gateway"}, required = true, paramLabel = "HOST:PORT")
    String gateway;

    @Option(names = "--psk", defaultValue = "ikebana-demo-psk-change-me", description = "pre-shared key of the clients")
    String psk;

    @Option(names = "--remote-id", defaultValue = "gw.ikebana.test")
    String remoteId;

    @Option(names = {"-n", "--clients"}, defaultValue = "100", description = "IKE SAs to establish (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "32", description = "handshakes in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--source", defaultValue = "127.0.1.1", description = "first client source address (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--sources", defaultValue = "8", description = "number of client source addresses (default: ${DEFAULT-VALUE})")
    int sources;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS", description = "upper bound of the run")
    int duration;

    @Option(names = "--no-puzzles", description = "legitimate clients return cookies but do not solve puzzles")
    boolean noPuzzles;

    @Option(names = "--no-vip", description = "do not request virtual IPs")
    boolean noVip;

    @Option(names = "--ike", defaultValue = "aes256gcm16-prfsha256-x25519")
    String ike;

    @Option(names = "--esp", defaultValue = "aes256gcm16")
    String esp;

    @Option(names = "--flood-rate", defaultValue = "0", description = "IKE_SA_INIT flood packets per second (0: none)")
    double floodRate;

    @Option(names = "--flood-count", defaultValue = "1000000", description = "flood packets at most")
    long floodCount;

    @Option(names = "--flood-source", defaultValue = "127.2.0.1", description = "first flood source address")
    String floodSource;

    @Option(names = "--flood-sources", defaultValue = "256", description = "number of flood source addresses")
    int floodSources;

    @Option(names = "--flood-answer-cookies", description = "the flooder returns cookies (it owns its addresses)")
    boolean answerCookies;

    @Option(names = "--retransmit-timeout", defaultValue = "1000", paramLabel = "MS",
            description = "first retransmission timeout of the clients (default: ${DEFAULT-VALUE}; `ikebana client`: 2000)")
    long retransmitTimeout;

    @Option(names = "--retransmit-base", defaultValue = "1.5",
            description = "factor between retransmissions (default: ${DEFAULT-VALUE}; `ikebana client`: 1.8)")
    double retransmitBase;

    @Option(names = "--retransmit-tries", defaultValue = "4",
            description = "retransmissions before a handshake fails (default: ${DEFAULT-VALUE}; `ikebana client`: 5)")
    int retransmitTries;

    @Option(names = "--keep", description = "do not delete the SAs at the end")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress gw = ClientCommand.address(gateway, 500);
        TargetGuard.check(gw.getAddress());
        Vertx vertx = Vertx.vertx();
        EngineConfig.Timers d = EngineConfig.Timers.defaults();
        EngineConfig.Timers timers = new EngineConfig.Timers(0, 0, 0, d.halfOpenMillis(), retransmitTimeout,
                retransmitBase, retransmitTries, 0);
        Cidr ts = Cidr.parse("0.0.0.0/0");
        try (LoadGenerator gen = new LoadGenerator(vertx, LoadGenerator.range(source, sources),
                src -> new ClientOptions(gw, new InetSocketAddress(src, 0), Identity.parse("load@ikebana.test"),
                        Identity.parse(remoteId), Secret.wrap(psk.getBytes(StandardCharsets.UTF_8)), null, null,
                        List.of(), AuthMethod.PSK, List.of(CryptoProposal.parse(ike, false)),
                        List.of(CryptoProposal.parse(esp, true)), !noVip,
                        List.of(TrafficSelector.ofSubnet(ts.network(), ts.prefix())), timers, false),
                !noPuzzles)) {
            CompletableFuture<InitFlood.Result> flood = null;
            if (floodRate > 0) {
                InitFlood f = new InitFlood(gw, LoadGenerator.range(floodSource, floodSources), answerCookies);
                flood = CompletableFuture.supplyAsync(() -> {
                    try {
                        return f.run(floodRate, floodCount, duration * 1000L);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Thread.sleep(1000);
            }
            LoadGenerator.Result r = gen.run(clients, concurrency, duration * 1000L);
            System.out.println(r);
            if (flood != null) {
                System.out.println(flood.join());
            }
            if (!keep) {
                for (var c : gen.clients()) {
                    for (var sa : c.sas()) {
                        c.engine().delete(sa.localSpi());
                    }
                }
                Thread.sleep(500);
            }
            return r.failed() == 0 ? 0 : 1;
        } finally {
            vertx.close();
        }
    }

    static InetAddress addr(String s) throws java.net.UnknownHostException {
        return InetAddress.getByName(s);
    }
}
