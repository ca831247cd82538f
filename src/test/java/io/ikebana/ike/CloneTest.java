package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.ike.task.CloneExchange;
import io.ikebana.ike.task.CreateChildExchange;
import io.ikebana.wire.payload.TrafficSelector;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** RFC 7791 cloning between our client and our gateway. */
class CloneTest {

    @Test
    void cloneIsIndependentAndCarriesItsOwnChildSa() throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), "aes256gcm16-prfsha256-x25519", "aes256gcm16")) {
            IkeSa original = n.establish();
            assertTrue(original.has(IkeExtension.CLONE), "clone support negotiated");
            CompletableFuture<IkeSa> cloned = new CompletableFuture<>();
            n.client.initiate(original.localSpi(), new CloneExchange(clone -> {
                cloned.complete(clone);
                n.client.initiate(clone.localSpi(), new CreateChildExchange(
                        List.of(TrafficSelector.ofAddress(clone.virtualIps().get(0))),
                        List.of(TrafficSelector.ofAddress(TestNodes.addr("10.99.200.5")))));
            }));
            IkeSa clone = cloned.get(10, TimeUnit.SECONDS);
            assertNotEquals(original.spiI(), clone.spiI());
            ClientGatewayExchangeTest.waitFor(() -> n.gwStore.size() == 2 && n.gwPlane.installed.size() == 2
                    && n.clientPlane.installed.size() == 2);
            IkeSa gwClone = n.gwStore.peek(clone.spiR());
            assertEquals(original.spiR(), gwClone.clonedFrom());
            assertEquals(1, gwClone.children().size());
            assertEquals(1, n.gwStore.peek(original.spiR()).children().size(), "the original keeps its Child SA");
            assertEquals(2, n.gwStore.findByRemoteIdentity(gwClone.remoteId()).size());

            // deleting the clone leaves the original intact
            n.client.delete(clone.localSpi());
            ClientGatewayExchangeTest.waitFor(() -> n.gwStore.size() == 1 && n.gwPlane.installed.size() == 1);
            assertTrue(n.gwStore.peek(original.spiR()) != null);
            assertEquals(1, n.gateway.pools().usage().get(0).leased(), "the address stays leased");
        }
    }

    @Test
    void cloneWithoutNegotiatedSupportIsRefusedAndOriginalSurvives() throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), "aes256gcm16-prfsha256-x25519", "aes256gcm16")) {
            IkeSa original = n.establish();
            // the client pretends support was negotiated; the gateway knows it was not
            CompletableFuture<Boolean> removed = new CompletableFuture<>();
            n.gateway.onSa(original.spiR(), ctx -> {
                removed.complete(ctx.sa().extensions().remove(IkeExtension.CLONE));
                return true;
            });
            assertTrue(removed.get(5, TimeUnit.SECONDS));
            CompletableFuture<IkeSa> cloned = new CompletableFuture<>();
            n.client.initiate(original.localSpi(), new CloneExchange(cloned::complete));
            ClientGatewayExchangeTest.waitFor(() -> n.net.sent.stream().anyMatch(p -> p.remote().equals(TestNodes.CLIENT)
                    && (p.data()[18] & 0xff) == 36));
            Thread.sleep(200);
            assertTrue(!cloned.isDone(), "no clone");
            assertEquals(1, n.gwStore.size());
            assertEquals(1, n.clientStore.size());
            assertEquals(1, n.gwStore.peek(original.spiR()).children().size());
        }
    }
}
