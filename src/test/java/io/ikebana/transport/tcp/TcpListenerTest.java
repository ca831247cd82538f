package io.ikebana.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.Gateway;
import io.ikebana.client.IkeClient;
import io.ikebana.client.TcpOptions;
import io.ikebana.ike.IkeSa;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's TCP listener against misbehaving streams (RFC 9329 §3, §4, §6.1, §6.3, §10), while
 * a real client keeps its IKE SA and pings in its own stream: garbage instead of the prefix,
 * fatal and oversized lengths, a frame that never completes, frames that are neither IKE nor ESP,
 * streams that never send a message or carry no IKE state, and too many streams from one source
 * are all closed, each counted by reason; the client's stream is never touched.
 */
class TcpListenerTest {
    static final String LIMITS = "{maxStreamsPerSource: 3, maxFrame: 2048, firstMessage: 2s, statelessIdle: 2s, "
            + "partialFrame: 1s, maxGarbageFrames: 3}";
    static final String PREFIX = "494b45544350";
    /** An ESP-looking frame: SPI 0x0badf00d (unknown), sequence 1, 12 octets more. */
    static final String ESP_FRAME = "0016 0badf00d 00000001 000102030405060708090a0b";

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

    @Test
    void badStreamsAreClosedWithoutHarmingOthers() throws Exception {
        InetAddress[] ip = Testbed.loopbacks();
        try (Gateway gw = Testbed.gateway(vertx, Testbed.config(dir, "gw1", ip[0], LIMITS));
                IkeClient good = Testbed.start(vertx, Testbed.client(ip[0], ip[1], TcpOptions.tcp(Testbed.TCP_PORT),
                        Testbed.fastTimers()))) {
            IkeSa sa = good.connect().get(10, TimeUnit.SECONDS);
            InetSocketAddress goodStream = sa.local();
            Testbed.waitFor("child", () -> !good.sas().get(0).children().isEmpty());
            TcpClientGatewayTest.pings(good, 2);
            InetSocketAddress listener = new InetSocketAddress(ip[0], Testbed.TCP_PORT);
            TcpCounters counts = gw.tcpCounters();

            List<Socket> bad = new ArrayList<>();
            // all at once, from another source address than the good client
            bad.add(send(listener, ip[2], "474554202f20485454502f312e310d0a"));            // HTTP, not IKETCP
            bad.add(send(listener, ip[2], PREFIX + "ffff"));                               // oversized length
            bad.add(send(listener, ip[2], PREFIX + "0001"));                               // fatal length
            for (Socket s : bad) {
                awaitClosed(s);
            }
            Socket partial = send(listener, ip[2], PREFIX + ESP_FRAME + "0100 0badf00d");  // a frame that stalls
            Socket silent = send(listener, ip[2], PREFIX);                                   // prefix, then nothing
            Socket garbage = send(listener, ip[3], PREFIX + "000301 000302 000303 000304");  // 1-octet frames, not FF
            awaitClosed(garbage);
            List<Socket> stateless = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stateless.add(send(listener, ip[3], PREFIX + ESP_FRAME + "0003ff"));       // ESP, a keepalive, no IKE SA
            }
            Socket sourceExtra = send(listener, ip[3], PREFIX);                              // the 4th from ip[3]
            awaitClosed(sourceExtra);
            TcpClientGatewayTest.pings(good, 2);
            awaitClosed(partial);
            awaitClosed(silent);
            for (Socket s : stateless) {
                awaitClosed(s);
            }

            assertEquals(1, counts.closedCount(CloseReason.BAD_PREFIX), counts.toString());
            assertEquals(1, counts.closedCount(CloseReason.FRAME_TOO_LONG), counts.toString());
            assertEquals(1, counts.closedCount(CloseReason.BAD_LENGTH), counts.toString());
            assertEquals(1, counts.closedCount(CloseReason.PARTIAL_FRAME), counts.toString());
            assertEquals(1, counts.closedCount(CloseReason.NO_FIRST_MESSAGE), counts + " client " + good.tcpCounters() + " conns " + good.tcp().connections(goodStream) + " " + good.tcp().sessions());
            assertEquals(1, counts.closedCount(CloseReason.GARBAGE), counts.toString());
            assertEquals(3, counts.closedCount(CloseReason.STATELESS_IDLE), counts.toString());
            assertEquals(1, counts.closedCount(CloseReason.SOURCE_LIMIT), counts.toString());
            assertEquals(3, counts.droppedCount(TcpMetrics.Drop.KEEPALIVE), counts.toString());

            // the good client never noticed: same stream, still answering, still one IKE SA
            TcpClientGatewayTest.pings(good, 3);
            assertEquals(1, good.tcp().connections(goodStream));
            assertTrue(good.tcp().connected(goodStream));
            assertEquals(1, gw.tcp().streams(), "only the good stream is left");
            assertEquals(1, gw.store().size());
        }
    }

    /** Opens a stream from {@code from} and writes {@code hex}. */
    static Socket send(InetSocketAddress to, InetAddress from, String hex) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(to, 2000);
        OutputStream out = s.getOutputStream();
        out.write(HexFormat.of().parseHex(hex.replace(" ", "")));
        out.flush();
        return s;
    }

    /** Waits until the gateway closed the stream (EOF or reset), at most 10 s. */
    static void awaitClosed(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // the gateway sends nothing to these streams; read until the end
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("stream from " + s.getLocalSocketAddress() + " still open after 10 s");
        } catch (SocketException e) {
            // reset: closed too
        } finally {
            s.close();
        }
    }
}
