package io.ikebana.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.Gateway;
import io.ikebana.client.IkeClient;
import io.ikebana.client.TcpOptions;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MOBIKE and TCP (RFC 9329 §7.1, mobike.md §10): an SA set up over UDP moves into a TCP stream with
 * UPDATE_SA_ADDRESSES sent in the stream, and back to UDP with UPDATE_SA_ADDRESSES over UDP; the
 * gateway takes the transport of the update as the SA's, for IKE and ESP, and the client closes
 * the stream it no longer needs.
 */
class TcpMobikeSwitchTest {
    @TempDir
    Path dir;

    @Test
    void udpToTcpAndBack() throws Exception {
        InetAddress[] ip = Testbed.loopbacks();
        Vertx vertx = Vertx.vertx();
        try (Gateway gw = Testbed.gateway(vertx, Testbed.config(dir, "gw1", ip[0], null));
                IkeClient c = Testbed.start(vertx, Testbed.client(ip[0], ip[1], TcpOptions.fallback(Testbed.TCP_PORT, 1),
                        Testbed.fastTimers()))) {
            IkeSa sa = c.connect().get(10, TimeUnit.SECONDS);
            assertFalse(sa.has(IkeExtension.TCP), "UDP answers: no TCP (RFC 9329 §5: UDP is preferred)");
            assertEquals(0, c.fallbacks());
            Testbed.waitFor("child", () -> !c.sas().get(0).children().isEmpty());
            TcpClientGatewayTest.pings(c, 2);
            assertEquals(0, gw.tcpCounters().espReceived());
            long spi = sa.localSpi();

            c.switchToTcp(spi).get(10, TimeUnit.SECONDS);
            Testbed.waitFor("gateway SA in TCP", () -> gw.store().peek(sa.spiR()).has(IkeExtension.TCP));
            assertTrue(c.sas().get(0).has(IkeExtension.TCP));
            InetSocketAddress stream = c.sas().get(0).local();
            assertEquals(stream, gw.store().peek(sa.spiR()).remote());
            // the gateway re-points its Child SA right after answering the update: its first replies
            // may still leave over UDP; from then on ESP runs in the stream both ways
            for (int i = 0; i < 50 && (gw.tcpCounters().espReceived() < 3 || c.tcpCounters().espReceived() < 3); i++) {
                TcpClientGatewayTest.pings(c, 1);
            }
            Testbed.waitFor("ESP in TCP: " + gw.tcpCounters() + " / " + c.tcpCounters(),
                    () -> gw.tcpCounters().espReceived() >= 3 && c.tcpCounters().espReceived() >= 3);

            c.switchToUdp(spi).get(10, TimeUnit.SECONDS);
            Testbed.waitFor("gateway SA back on UDP", () -> !gw.store().peek(sa.spiR()).has(IkeExtension.TCP));
            assertEquals(c.local(), gw.store().peek(sa.spiR()).remote());
            // as above: a reply of the moment of the switch may still take the closing stream
            boolean answered = false;
            for (int i = 0; i < 10 && !answered; i++) {
                try {
                    c.ping(c.sas().get(0), TcpClientGatewayTest.TARGET, 1000 + i, 100).get(1, TimeUnit.SECONDS);
                    answered = true;
                } catch (java.util.concurrent.TimeoutException e) {
                    // lost in the switch: try again
                }
            }
            assertTrue(answered, "ESP flows over UDP again");
            long tcpEsp = gw.tcpCounters().espReceived();
            TcpClientGatewayTest.pings(c, 3);
            assertEquals(tcpEsp, gw.tcpCounters().espReceived(), "ESP left the stream");
            Testbed.waitFor("stream closed by the client", () -> gw.tcp().streams() == 0 && !c.tcp().connected(stream));
            assertEquals(sa.spiR(), c.sas().get(0).spiR(), "the same IKE SA");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
