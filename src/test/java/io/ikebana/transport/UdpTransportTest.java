package io.ikebana.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.ike.Packet;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sending: on the caller's thread, straight to the socket, framed as asked. */
class UdpTransportTest {

    /** The event loop is busy (blocked here): a datagram sent meanwhile still leaves at once. */
    @Test
    void sendsDoNotWaitForTheEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        CountDownLatch release = new CountDownLatch(1);
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(2_000);
            UdpTransport udp = new UdpTransport(vertx);
            InetSocketAddress local = udp.bind(InetAddress.getLoopbackAddress(), 0).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            CountDownLatch blocked = new CountDownLatch(1);
            vertx.runOnContext(v -> {
                blocked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            InetSocketAddress remote = (InetSocketAddress) peer.getLocalSocketAddress();
            byte[] ike = {1, 2, 3, 4, 5, 6, 7, 8};
            udp.send(new Packet(local, remote, ike, true));
            byte[] esp = {9, 9, 0x11, 0x22, 0x33, 9};
            udp.sendEsp(local, remote, esp, 2, 3);

            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            peer.receive(got);
            // port 4500 framing: the non-ESP marker (four zero octets) in front of the IKE message
            assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8},
                    Arrays.copyOf(got.getData(), got.getLength()));
            assertEquals(local.getPort(), got.getPort());
            peer.receive(got);
            assertArrayEquals(new byte[] {0x11, 0x22, 0x33}, Arrays.copyOf(got.getData(), got.getLength()));
        } finally {
            release.countDown();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Several threads at once: every datagram arrives whole. */
    @Test
    void concurrentSendersEachDeliverWholeDatagrams() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(5_000);
            peer.setReceiveBufferSize(1 << 20);
            UdpTransport udp = new UdpTransport(vertx);
            InetSocketAddress local = udp.bind(InetAddress.getLoopbackAddress(), 0).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            InetSocketAddress remote = (InetSocketAddress) peer.getLocalSocketAddress();
            int threads = 4;
            int each = 50; // 200 datagrams: within a default loopback receive buffer even if the reader lags
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        byte[] d = new byte[100];
                        Arrays.fill(d, (byte) id);
                        d[0] = (byte) (i >> 8);
                        d[1] = (byte) i;
                        udp.send(new Packet(local, remote, d, false));
                    }
                });
                ts[t].start();
            }
            Set<String> seen = new HashSet<>();
            DatagramPacket got = new DatagramPacket(new byte[200], 200);
            for (int n = 0; n < threads * each; n++) {
                peer.receive(got);
                assertEquals(100, got.getLength());
                byte[] d = Arrays.copyOf(got.getData(), 100);
                for (int k = 3; k < 100; k++) {
                    assertEquals(d[2], d[k], "one sender's octets only");
                }
                seen.add(d[2] + "/" + (((d[0] & 0xff) << 8) | (d[1] & 0xff)));
            }
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(threads * each, seen.size());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
