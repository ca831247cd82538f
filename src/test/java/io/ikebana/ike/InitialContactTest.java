package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * RFC 7296 §2.4 INITIAL_CONTACT at the gateway: the peer's older IKE SAs go, looked up in
 * batches ({@link InitialContacts}); an SA the same peer set up after the one that carried the
 * notification stays, even inside the same batch.
 */
class InitialContactTest {

    private static InitiatorSettings withInitialContact(EngineHarness h, boolean initialContact) {
        InitiatorSettings s = h.settings(h.client);
        return new InitiatorSettings(s.gateway(), s.local(), s.peer(), s.requestVirtualIp(), s.ipv6(), s.localTs(),
                s.remoteTs(), s.child(), initialContact, s.mobike());
    }

    private static long connect(EngineHarness h, boolean initialContact) {
        return h.client.engine.connect(withInitialContact(h, initialContact));
    }

    /** Until the gateway no longer has {@code gone} (the batch ran and its deletes are done). */
    private static void awaitDeleted(EngineHarness h, long gone) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        do {
            h.settle();
            if (h.gw.store.peek(gone) == null) {
                h.settle();
                return;
            }
            Thread.sleep(InitialContacts.BATCH_MILLIS);
        } while (System.nanoTime() < end);
        throw new AssertionError("an older SA of the peer was not deleted");
    }

    @Test
    void olderSasOfThePeerGoAndNewerOnesStay() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            long first = connect(h, false);
            long second = connect(h, false);
            h.settle();
            long gwFirst = h.gatewaySa(h.client, first).localSpi();
            long gwSecond = h.gatewaySa(h.client, second).localSpi();
            Thread.sleep(5); // creation times are in milliseconds: "before" must be distinguishable

            // the peer comes back with INITIAL_CONTACT, and at once sets up another SA without it
            long fresh = connect(h, true);
            h.settle();
            Thread.sleep(5);
            long another = connect(h, false);
            h.settle();
            long gwFresh = h.gatewaySa(h.client, fresh).localSpi();
            long gwAnother = h.gatewaySa(h.client, another).localSpi();
            awaitDeleted(h, gwFirst);

            assertNull(h.gw.store.peek(gwFirst), "an older SA of the peer was deleted");
            assertNull(h.gw.store.peek(gwSecond), "an older SA of the peer was deleted");
            assertNotNull(h.gw.store.peek(gwFresh), "the SA that carried INITIAL_CONTACT stays");
            assertNotNull(h.gw.store.peek(gwAnother), "an SA set up after it stays");

            // another INITIAL_CONTACT later removes both
            Thread.sleep(5);
            long last = connect(h, true);
            h.settle();
            awaitDeleted(h, gwFresh);
            assertNull(h.gw.store.peek(gwFresh));
            assertNull(h.gw.store.peek(gwAnother));
            assertNotNull(h.gatewaySa(h.client, last));
        }
    }

    /** Two SAs of one peer with the notification, in one batch or two: the older one goes. */
    @Test
    void ofTwoSasThatCarriedItTheNewerStays() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            long older = connect(h, true);
            Thread.sleep(5);
            long newer = connect(h, true);
            h.settle();
            long gwOlder = h.gatewaySa(h.client, older).localSpi();
            long gwNewer = h.gatewaySa(h.client, newer).localSpi();
            awaitDeleted(h, gwOlder);
            assertNull(h.gw.store.peek(gwOlder), "the older SA that carried INITIAL_CONTACT was deleted");
            assertNotNull(h.gw.store.peek(gwNewer), "the newer one stays");
        }
    }
}
