package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.wire.ExchangeType;
import org.junit.jupiter.api.Test;

/**
 * The cached IKE_AUTH response (RFC 7296 §2.1) is kept until the peer shows it has it, and not for
 * the SA's life: every copy of the record in the grid would carry it.
 */
class AuthResponseCacheTest {

    @Test
    void keptForRetransmissionsThenDroppedOnceThePeerAnswersUs() throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), "aes256gcm16-prfsha256-x25519", "aes256gcm16")) {
            IkeSa sa = n.establish();
            long gwSpi = sa.spiR();
            Packet auth = n.net.sent.stream().filter(p -> p.local().equals(TestNodes.CLIENT)
                    && (p.data()[18] & 0xff) == ExchangeType.IKE_AUTH.code()).findFirst().orElseThrow();

            // a retransmitted IKE_AUTH gets the cached response again
            assertFalse(n.gwStore.peek(gwSpi).window().lastResponse().isEmpty());
            int before = n.net.sent.size();
            n.net.send(auth);
            ClientGatewayExchangeTest.waitFor(() -> n.net.sent.stream().skip(before)
                    .anyMatch(p -> p.local().equals(TestNodes.GW) && (p.data()[18] & 0xff) == ExchangeType.IKE_AUTH.code()));

            // the gateway's DPD is answered: the client has the IKE SA, hence the IKE_AUTH response
            n.gateway.initiate(gwSpi, new io.ikebana.ike.task.DpdExchange());
            ClientGatewayExchangeTest.waitFor(() -> n.gwStore.peek(gwSpi).window().lastResponse().isEmpty());
            assertEquals(2, n.gwStore.peek(gwSpi).window().expectedRequestId(), "the window did not move");

            // a late copy of IKE_AUTH now changes nothing and is not answered
            int after = n.net.sent.size();
            n.net.send(auth);
            Thread.sleep(300);
            assertTrue(n.net.sent.stream().skip(after).noneMatch(p -> p.local().equals(TestNodes.GW)),
                    "answered a late IKE_AUTH");
            assertNotNull(n.gwStore.peek(gwSpi), "the SA is still there");
        }
    }
}
