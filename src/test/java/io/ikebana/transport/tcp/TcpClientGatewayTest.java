package io.ikebana.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.Gateway;
import io.ikebana.client.IkeClient;
import io.ikebana.client.TcpOptions;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.task.RekeyIkeExchange;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client against our gateway in one JVM, over real TCP sockets on loopback (RFC 9329): the IKE
 * SA is set up in a stream, ESP flows in the same stream, Child and IKE SA rekeys stay in it,
 * and the SA survives the stream breaking on either side (the client reconnects with the prefix
 * and tells the gateway where it is; the gateway follows and closes nothing it still needs).
 */
class TcpClientGatewayTest {
    static Vertx vertx;
    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void down() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static final Inet4Address TARGET = (Inet4Address) Testbed.addr("10.99.200.1");

    static void pings(IkeClient c, int n) throws Exception {
        pings(c, null, n);
    }

    /** {@code n} pings through the client's first SA, each answered within 5 s; says what TCP saw when one is not. */
    static void pings(IkeClient c, Gateway gw, int n) throws Exception {
        IkeSa sa = c.sas().get(0);
        for (int i = 0; i < n; i++) {
            try {
                c.ping(sa, TARGET, i, 100).get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("ping " + i + " unanswered; gateway " + (gw != null ? gw.tcpCounters() : "?") + " client "
                        + c.tcpCounters(), e);
            }
        }
    }

    @Test
    void establishesCarriesEspRekeysAndSurvivesReconnects() throws Exception {
        InetAddress[] ip = Testbed.loopbacks();
        try (Gateway gw = Testbed.gateway(vertx, Testbed.config(dir, "gw1", ip[0], null));
                IkeClient c = Testbed.start(vertx, Testbed.client(ip[0], ip[1], TcpOptions.tcp(Testbed.TCP_PORT),
                        Testbed.fastTimers()))) {
            IkeSa sa = c.connect().get(10, TimeUnit.SECONDS);
            assertTrue(sa.has(IkeExtension.TCP), "client SA in TCP");
            InetSocketAddress stream = sa.local();
            IkeSa atGw = gw.store().peek(sa.spiR());
            assertNotNull(atGw);
            assertTrue(atGw.has(IkeExtension.TCP), "gateway SA in TCP");
            assertEquals(stream, atGw.remote(), "the gateway sends to the client's stream");
            assertEquals(1, gw.tcp().streams());

            // ESP in the stream: the gateway's in-memory network answers pings
            Testbed.waitFor("child SAs", () -> !c.sas().get(0).children().isEmpty());
            long espBefore = gw.tcpCounters().espReceived();
            pings(c, gw, 3);
            assertEquals(1, c.tcp().connections(stream));
            // (the counters move right after the delivery that completes the ping)
            Testbed.waitFor("ESP in TCP both ways: " + gw.tcpCounters() + " / " + c.tcpCounters(),
                    () -> gw.tcpCounters().espReceived() >= espBefore + 3 && c.tcpCounters().espReceived() >= 3);

            // Child SA rekey and IKE SA rekey stay in the same stream
            int oldChild = c.sas().get(0).children().get(0).inboundSpi();
            c.engine().childRekeyNeeded(oldChild);
            Testbed.waitFor("child rekeyed", () -> c.sas().get(0).children().size() == 1
                    && c.sas().get(0).children().get(0).inboundSpi() != oldChild
                    && c.sas().get(0).children().get(0).status() == ChildSaState.Status.INSTALLED);
            pings(c, gw, 2);
            long oldIke = c.sas().get(0).localSpi();
            c.engine().initiate(oldIke, new RekeyIkeExchange());
            Testbed.waitFor("IKE SA rekeyed", () -> c.sas().size() == 1 && c.sas().get(0).localSpi() != oldIke
                    && gw.store().size() == 1);
            IkeSa rekeyed = c.sas().get(0);
            assertTrue(rekeyed.has(IkeExtension.TCP));
            assertEquals(stream, rekeyed.local(), "the successor keeps the stream");
            pings(c, gw, 2);
            assertEquals(1, c.tcp().connections(stream), "no reconnection so far");
            assertEquals(1, gw.tcp().streams());

            // the network breaks the stream at the client: it reconnects and the gateway follows
            c.tcp().reset(stream);
            Testbed.waitFor("reconnected", () -> c.tcp().connections(stream) == 2 && c.tcp().connected(stream));
            Testbed.waitFor("gateway follows", () -> {
                IkeSa g = gw.store().peek(c.sas().get(0).spiR());
                return g != null && !g.remote().equals(stream);
            });
            pings(c, gw, 3);

            // the gateway's side breaks: same again
            InetSocketAddress before = gw.store().peek(c.sas().get(0).spiR()).remote();
            assertTrue(gw.tcp().close(before, CloseReason.ERROR));
            Testbed.waitFor("reconnected again", () -> c.tcp().connections(stream) == 3 && c.tcp().connected(stream));
            Testbed.waitFor("gateway follows again", () -> {
                IkeSa g = gw.store().peek(c.sas().get(0).spiR());
                return g != null && !g.remote().equals(before);
            });
            pings(c, gw, 3);
            assertEquals(rekeyed.localSpi(), c.sas().get(0).localSpi(), "the same IKE SA throughout");
            Testbed.waitFor("one stream at the gateway", () -> gw.tcp().streams() == 1);

            // delete: the client closes its stream (RFC 9329 §6.1)
            c.engine().delete(c.sas().get(0).localSpi());
            Testbed.waitFor("deleted", () -> c.sas().isEmpty() && gw.store().size() == 0);
            Testbed.waitFor("stream closed", () -> gw.tcp().streams() == 0);
            assertFalse(c.tcp().connected(stream));
            assertEquals(3, c.tcpCounters().openedCount(), c.tcpCounters().toString());
            Testbed.waitFor("ESP in TCP: " + gw.tcpCounters(), () -> gw.tcpCounters().espReceived() >= 13);
        }
    }
}
