package io.ikebana.admin;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.crypto.Secret;
import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosMetrics;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.EspSuite;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSuite;
import io.ikebana.policy.AddressPools;
import io.ikebana.policy.Cidr;
import io.ikebana.policy.InMemoryAddressPools;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.store.SaStore;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** An admin server over a store with known SAs, a pool with leases, a fake cluster and a real DoS guard. */
final class AdminFixture implements AutoCloseable {
    static final String TOKEN = "test-admin-token-0123456789abcdef";
    /** SK_* of SA number i are filled with (KEY_BASE + i*5 + k): easy to look for in responses. */
    static final int KEY_BASE = 0x40;

    final Vertx vertx = Vertx.vertx();
    final SaStore store = new InMemorySaStore();
    final AddressPools pools = new InMemoryAddressPools(Map.of("pool4", Cidr.parse("10.99.100.0/24")));
    final FakeClusterControl cluster = new FakeClusterControl();
    final List<String> deletes = new CopyOnWriteArrayList<>();
    final List<IkeSa> sas = new CopyOnWriteArrayList<>();
    final List<byte[]> keys = new CopyOnWriteArrayList<>();
    final DosGuardControl dos;
    final AdminServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final int port;

    final ClusterControl control;

    /** With the fake three-member cluster, or with the real single-node control (this node is "m1"). */
    AdminFixture(boolean singleNode, int saCount) throws Exception {
        ClusterControl clusterControl = singleNode
                ? new SingleNodeClusterControl("m1", List.of("127.0.0.1"), store, () -> 0, 1, () -> true,
                        Operations.worker(vertx))
                : cluster;
        this.control = clusterControl;
        for (int i = 0; i < saCount; i++) {
            IkeSa sa = sa(i);
            store.create(sa);
            sas.add(sa);
            InetAddress vip = pools.lease("pool4", IkeEngine.leaseOwner(sa.localSpi()), null);
            sa.virtualIps().add(vip);
        }
        DosConfig cfg = DosConfig.defaults();
        dos = new DosGuardControl(DosGuard.local(cfg, Clock.systemUTC(), new SecureRandom(), DosMetrics.noop()),
                c -> DosGuard.local(c, Clock.systemUTC(), new SecureRandom(), DosMetrics.noop()));
        AdminApi api = new AdminApi(store, pools, clusterControl, dos,
                (spi, notify) -> deletes.add(String.format("%016x", spi) + (notify ? ":notify" : ":silent")));
        server = new AdminServer(vertx, new AdminServer.Listen("127.0.0.1", 0, null, null),
                AdminToken.of(Secret.wrap(TOKEN.getBytes(StandardCharsets.UTF_8))), api, clusterControl,
                () -> "# metrics\nikebana_test 1\n");
        port = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private IkeSa sa(int i) {
        byte[][] k = new byte[5][];
        for (int j = 0; j < 5; j++) {
            k[j] = new byte[32];
            Arrays.fill(k[j], (byte) (KEY_BASE + i * 5 + j));
            // make each key unique and recognisable: a counter in the first bytes
            k[j][0] = (byte) 0xC3;
            k[j][1] = (byte) i;
            k[j][2] = (byte) j;
            keys.add(k[j].clone());
        }
        long spiI = 0x1111000000000000L + i;
        long spiR = 0x2222000000000000L + i;
        IkeSa sa = new IkeSa(spiI, spiR, false, new IkeSuite(EncrAlgorithm.AES_GCM_16, 256, PrfAlgorithm.HMAC_SHA2_256,
                IntegAlgorithm.NONE, DhGroup.CURVE25519), Secret.wrap(k[0]), Secret.wrap(k[1]), Secret.wrap(k[2]),
                Secret.wrap(k[3]), Secret.wrap(k[4]));
        sa.identities(Identity.parse("gw.ikebana.test"), Identity.parse("client" + (i % 3) + "@ikebana.test"));
        sa.peerName("demo");
        sa.owner(i % 2 == 0 ? "m1" : "m2");
        sa.createdMillis(1_700_000_000_000L + i);
        try {
            sa.endpoints(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5500),
                    new InetSocketAddress(InetAddress.getByName("198.51.100." + (10 + i)), 4500));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        sa.extensions().add(IkeExtension.MOBIKE);
        sa.children().add(new ChildSaState(0xc0000000 + i, 0xd0000000 + i,
                new EspSuite(EncrAlgorithm.AES_GCM_16, 256, IntegAlgorithm.NONE, false, null),
                List.of(TrafficSelector.any(false)), List.of(TrafficSelector.any(false)), sa.owner(),
                1_700_000_000_000L, 0, 0));
        return sa;
    }

    static String spi(IkeSa sa) {
        return String.format("%016x", sa.localSpi());
    }

    /** A response with its body as text. */
    record Reply(int status, String contentType, String body, Map<String, List<String>> headers) {
    }

    Reply call(String method, String path, String token, String body) throws Exception {
        return call(method, path, token, body, "application/json");
    }

    Reply call(String method, String path, String token, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                new LinkedHashMap<>(r.headers().map()));
    }

    @Override
    public void close() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
