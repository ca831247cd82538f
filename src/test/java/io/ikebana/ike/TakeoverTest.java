package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.Cidr;
import io.ikebana.policy.InMemoryAddressPools;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateway engines sharing one store (a cluster in miniature) and our client: member A dies,
 * member B adopts the IKE SA, synchronises message IDs (RFC 6311), moves the client to its own
 * address (MOBIKE) and re-creates the Child SA locally; the client follows without a new IKE SA.
 */
class TakeoverTest {
    static final InetSocketAddress GW_B = new InetSocketAddress("127.0.0.3", 5500);

    @Test
    void survivorAdoptsSaAndClientFollows() throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), "aes256gcm16-prfsha256-x25519", "aes256gcm16")) {
            RecordingInstaller bPlane = new RecordingInstaller(0x5000);
            EngineConfig bCfg = TestNodes.gatewayConfig(EngineConfig.Timers.defaults());
            bCfg = new EngineConfig("gw2", bCfg.local(), bCfg.peers(), bCfg.ikeProposals(), bCfg.espProposals(),
                    bCfg.timers(), bCfg.features(), bCfg.limits());
            IkeEngine b = new IkeEngine(bCfg, n.net, n.gwStore, bPlane,
                    new InMemoryAddressPools(Map.of("pool4", Cidr.parse("10.99.100.0/24"))), IkeMetrics.NOOP,
                    Clock.systemUTC(), new SecureRandom(), n.scheduler, new Lanes("gwb", 2, 1000, i -> { }));
            b.cluster(new ClusterHooks() {
                @Override
                public InetSocketAddress localEndpoint(IkeSa sa) {
                    return GW_B;
                }
            });
            n.net.attach(GW_B, b);
            IkeSa clientSa = n.establish();
            ClientGatewayExchangeTest.waitFor(() -> n.clientPlane.installed.size() == 1);
            int oldClientInbound = n.clientPlane.installed.keySet().iterator().next();
            long gwSpi = clientSa.spiR();
            assertEquals(1, clientSa.window().nextRequestId() - 1, "client used message IDs 0 and 1");

            // member A dies: nothing reaches it any more
            n.net.drop = p -> p.remote().equals(TestNodes.GW) || p.local().equals(TestNodes.GW);
            b.adopt(gwSpi, "gw1", IkeEngine.Adoption.TAKEOVER);

            // the client follows B, and gets a new Child SA whose keys match B's
            int mark = n.net.sent.size();
            try {
                ClientGatewayExchangeTest.waitFor(() -> GW_B.equals(n.clientStore.peek(clientSa.localSpi()).remote())
                    && n.clientPlane.installed.size() == 1 && !n.clientPlane.installed.containsKey(oldClientInbound)
                    && bPlane.installed.size() == 1);
            } catch (AssertionError e) {
                for (Packet p : n.net.sent.subList(mark, n.net.sent.size())) {
                    io.ikebana.wire.IkeHeader h = io.ikebana.wire.IkeHeader.decode(p.data(), 0, p.data().length);
                    System.err.println(p.local() + " -> " + p.remote() + " " + h.exchange() + " mid " + h.messageId()
                            + (h.isResponse() ? " response" : " request"));
                }
                System.err.println("client SA " + n.clientStore.peek(clientSa.localSpi()) + " children "
                        + n.clientStore.peek(clientSa.localSpi()).children() + " plane " + n.clientPlane.installed.keySet()
                        + " b " + bPlane.installed.keySet());
                throw e;
            }
            ChildSaInstaller.Installation c = n.clientPlane.installed.values().iterator().next();
            ChildSaInstaller.Installation g = bPlane.installed.get(c.outboundSpi());
            assertNotNull(g, "B installed the new Child SA");
            assertArrayEquals(c.outboundEncKey(), g.inboundEncKey());
            assertEquals(GW_B, c.remote(), "the client's ESP goes to B");
            IkeSa atB = n.gwStore.peek(gwSpi);
            assertEquals("gw2", atB.owner());
            assertEquals(1, atB.children().size());
            assertEquals("gw2", atB.children().get(0).member());
            assertEquals(clientSa.spiI(), atB.spiI(), "the same IKE SA, no re-authentication");
            assertNotEquals(oldClientInbound, c.inboundSpi());
            // message IDs moved past the margin on both sides
            IkeSa cs = n.clientStore.peek(clientSa.localSpi());
            assertEquals(atB.window().nextRequestId(), cs.window().expectedRequestId());
            b.close();
        }
    }
}
