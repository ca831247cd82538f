package io.ikebana.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import io.ikebana.Gateway;
import io.ikebana.client.IkeClient;
import io.ikebana.client.TcpOptions;
import io.ikebana.cluster.LocalClusterFiles;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.EngineListener;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue acceptance: our client in TCP is moved between the members of a three-member cluster
 * (three gateways in this JVM joined by Hazelcast, sharing the encrypted SA store, each with its
 * own address and TCP listener). Each move: the owner announces the next member's address in the
 * stream, the next member adopts the SA, the owner closes the stream (cluster.ClusterOperations,
 * the path of the admin API's move); the client reconnects to
 * the new member, tells it where it is, gets a new Child SA there and its pings flow again. Same
 * IKE SA throughout, no new IKE_AUTH. Also a new client redirected in IKE_SA_INIT (RFC 5685)
 * opens its stream to the member it was sent to.
 */
class TcpMoveTest {
    @TempDir
    Path dir;

    @Test
    void clientInTcpMovesAcrossThreeMembers() throws Exception {
        InetAddress[] ip = Testbed.loopbacks();
        Vertx vertx = Vertx.vertx();
        List<Gateway> gws = new ArrayList<>();
        try {
            // one port on each member's own loopback address
            int port = freePort(ip[0]);
            String name = "tcp-move-" + Long.toHexString(new SecureRandom().nextLong());
            Files.writeString(dir.resolve("hazelcast.yaml"), LocalClusterFiles.hazelcastYaml(name,
                    List.of(ip[0].getHostAddress(), ip[1].getHostAddress(), ip[2].getHostAddress()), port, 10));
            LocalClusterFiles.writeClusterKey(dir.resolve("cluster.key"), new SecureRandom());
            for (int i = 0; i < 3; i++) {
                String cluster = """
                        cluster:
                          hazelcast: %s
                          memberAddress: %s:%d
                          keys: [{id: 1, key: {file: %s}}]
                          minimumClusterSize: 2
                        dos: {enabled: false}
                        """.formatted(dir.resolve("hazelcast.yaml"), ip[i].getHostAddress(), port,
                        dir.resolve("cluster.key"));
                gws.add(Testbed.gateway(vertx, Testbed.config(dir.resolve("gw" + (i + 1)), "gw" + (i + 1), ip[i], null,
                        cluster)));
            }
            Testbed.waitFor("three members", Duration.ofSeconds(30), () -> Hazelcast.getAllHazelcastInstances().stream()
                    .filter(h -> h.getConfig().getClusterName().equals(name))
                    .allMatch(h -> h.getCluster().getMembers().size() == 3)
                    && gws.stream().allMatch(g -> g.cluster().members().size() == 3));

            try (IkeClient c = Testbed.start(vertx, Testbed.client(ip[0], ip[3], TcpOptions.tcp(Testbed.TCP_PORT),
                    Testbed.fastTimers()))) {
                AtomicInteger handshakes = new AtomicInteger();
                c.addListener(new EngineListener() {
                    @Override
                    public void established(IkeSa sa) {
                        handshakes.incrementAndGet();
                    }
                });
                IkeSa first = c.connect().get(15, TimeUnit.SECONDS);
                long spi = first.spiR();
                InetSocketAddress stream = first.local();
                Testbed.waitFor("child", () -> !c.sas().get(0).children().isEmpty());
                TcpClientGatewayTest.pings(c, 2);
                assertEquals("gw1", gws.get(0).store().peek(spi).owner());

                for (int from = 0; from < 2; from++) {
                    int to = from + 1;
                    Gateway src = gws.get(from);
                    Gateway dst = gws.get(to);
                    String srcName = "gw" + (from + 1);
                    String dstName = "gw" + (to + 1);
                    // the cluster's move (what POST /api/v1/ike-sas/{spi}/move runs), asked on the third
                    // member: the owner names the target in the client's stream, the target adopts,
                    // the owner closes the stream once the target owns the SA
                    gws.get((to + 1) % 3).operations().move(spi, dstName).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    Testbed.waitFor("adopted by " + dstName, () -> dstName.equals(dst.store().peek(spi).owner()));
                    InetSocketAddress target = new InetSocketAddress(ip[to], Testbed.TCP_PORT);
                    Testbed.waitFor("client at " + dstName, () -> target.equals(c.sas().get(0).remote())
                            && c.tcp().connected(stream));
                    Testbed.waitFor("Child SA re-created at " + dstName, () -> {
                        IkeSa g = dst.store().peek(spi);
                        return g != null && g.children().size() == 1 && dstName.equals(g.children().get(0).member())
                                && g.children().get(0).status() == ChildSaState.Status.INSTALLED
                                && c.sas().get(0).children().size() == 1;
                    });
                    long espBefore = dst.tcpCounters().espReceived();
                    TcpClientGatewayTest.pings(c, 3);
                    Testbed.waitFor("ESP in " + dstName + "'s TCP listener",
                            () -> dst.tcpCounters().espReceived() >= espBefore + 3);
                    IkeSa atDst = dst.store().peek(spi);
                    assertTrue(atDst.has(IkeExtension.TCP));
                    assertEquals(new InetSocketAddress(ip[to], Testbed.TCP_PORT), atDst.local());
                    Testbed.waitFor("stream gone at " + srcName, () -> src.tcp().streams() == 0);
                    assertEquals(1, dst.tcp().streams());
                }
                assertEquals(first.spiI(), c.sas().get(0).spiI(), "the same IKE SA");
                assertEquals(spi, c.sas().get(0).spiR());
                assertEquals(1, handshakes.get(), "no new IKE_AUTH");
                assertEquals(3, c.tcp().connections(stream), "one stream per member");

                // a new client redirected in IKE_SA_INIT opens its stream to the member named
                gws.get(0).engine().cluster(new io.ikebana.ike.ClusterHooks() {
                    @Override
                    public InetSocketAddress redirectTarget(io.ikebana.ike.Packet p, io.ikebana.wire.IkeMessage m) {
                        return m.hasNotify(io.ikebana.wire.NotifyType.REDIRECTED_FROM) ? null
                                : new InetSocketAddress(ip[1], p.local().getPort());
                    }
                });
                IkeSa redirected = c.connect().get(15, TimeUnit.SECONDS);
                assertEquals(new InetSocketAddress(ip[1], Testbed.TCP_PORT), redirected.remote());
                assertEquals("gw2", gws.get(1).store().peek(redirected.spiR()).owner());
                assertTrue(gws.get(1).store().peek(redirected.spiR()).has(IkeExtension.TCP));
            }
        } finally {
            for (Gateway g : gws) {
                g.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static int freePort(InetAddress on) throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, on)) {
            return s.getLocalPort();
        }
    }

}
