package io.ikebana.metrics;

import io.ikebana.Gateway;
import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.config.ConfigLoader;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway in this JVM on 127.0.0.1 with free ports, admin API on, and a client that has
 * done one handshake with it: the source of "what the gateway exports" for the metrics, the
 * dashboard and the Prometheus tests.
 */
public final class LiveGateway implements AutoCloseable {
    public static final String TOKEN = "live-gateway-admin-token-0123456789";
    public static final String PSK = "live-gateway-psk-0123456789";
    public static final String CLIENT_ID = "metrics-client@ikebana.test";

    private final Vertx vertx;
    private final Gateway gateway;
    private final Vertx clientVertx;
    private final IkeClient client;
    private final IkeSa clientSa;
    private final int adminPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LiveGateway(Path dir) throws Exception {
        this(dir, new String[0]);
    }

    /** As {@link #LiveGateway(Path)}, with {@code extraYaml} lines appended to its configuration. */
    public LiveGateway(Path dir, String... extraYaml) throws Exception {
        int ike = freeUdpPort();
        int natt = freeUdpPort();
        while (natt == ike) {
            natt = freeUdpPort();
        }
        adminPort = freeTcpPort();
        Files.createDirectories(dir);
        Path cfg = dir.resolve("gateway.yaml");
        Files.writeString(cfg, String.join("\n",
                "node: {name: live-1}",
                "listen: {addresses: [127.0.0.1], ikePort: " + ike + ", nattPort: " + natt + "}",
                "identity: {id: gw.ikebana.test, auth: psk}",
                "peers:",
                "  - {name: demo, remoteId: '%any', auth: psk, psk: " + PSK + ", pools: [pool4], localTs: [10.99.200.0/24]}",
                "pools:",
                "  - {name: pool4, cidr: 10.99.100.0/24}",
                "dataplane: {backend: none}",
                "admin: {enabled: true, address: 127.0.0.1, port: " + adminPort + ", token: " + TOKEN + "}",
                String.join("\n", extraYaml),
                ""));
        GatewayMetrics metrics = new GatewayMetrics();
        vertx = metrics.newVertx();
        gateway = new Gateway(new ConfigLoader().load(cfg), vertx, metrics);
        gateway.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

        clientVertx = Vertx.vertx();
        ClientOptions opts = new ClientOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), ike),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Identity.parse(CLIENT_ID),
                Identity.parse("gw.ikebana.test"), Secret.wrap(PSK.getBytes(StandardCharsets.UTF_8)), null, null,
                List.of(), AuthMethod.PSK, List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                List.of(CryptoProposal.parse("aes256gcm16", true)), true,
                List.of(TrafficSelector.ofSubnet(InetAddress.getByName("10.99.200.0"), 24)),
                EngineConfig.Timers.defaults(), true);
        client = new IkeClient(opts, clientVertx, ChildSaInstaller.NONE);
        client.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        clientSa = client.connect().get(20, TimeUnit.SECONDS);
        warmUp();
    }

    /**
     * Some meters appear with their first event, as they do within seconds in production: JVM GC
     * pauses after a collection, Vert.x HTTP counters after the first request (a scrape).
     */
    private void warmUp() throws Exception {
        System.gc();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            String s = scrape();
            if (s.contains("jvm_gc_pause_seconds_count") && s.contains("vertx_http_server_requests_total")) {
                return;
            }
            Thread.sleep(100);
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public IkeSa clientSa() {
        return clientSa;
    }

    public int adminPort() {
        return adminPort;
    }

    public String get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** The text of {@code /metrics}. */
    public String scrape() throws IOException, InterruptedException {
        return get("/metrics", null);
    }

    /** Metric family names of a Prometheus text scrape (from the TYPE lines, plus sample names). */
    public static TreeSet<String> names(String scrape) {
        TreeSet<String> out = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                out.add(line.split(" ")[2]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                out.add(line.substring(0, end > 0 ? end : line.indexOf(' ')));
            }
        }
        return out;
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
            clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            gateway.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            gateway.gatewayMetrics().close();
        }
    }
}
