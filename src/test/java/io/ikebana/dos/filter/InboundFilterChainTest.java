package io.ikebana.dos.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.Ike;
import io.ikebana.dos.Ike.Header;
import io.ikebana.dos.MutableClock;
import io.ikebana.dos.TestRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundFilterChainTest {

    @Test
    void countsDropsPerFilterAndEveryFilterStatesItsRule() {
        DosGuard guard = DosGuard.local(DosConfig.defaults(), new MutableClock(0), TestRandom.seeded("chain"),
                DosMetrics.noop());
        guard.screen(Ike.datagram("198.51.100.1", Header.initRequest().datagramSize(10)));
        guard.screen(Ike.datagram("198.51.100.1", Header.initRequest().datagramSize(20)));
        guard.screen(Ike.datagram("198.51.100.1", Header.initRequest().spiI(0)));
        guard.screen(Ike.datagram("198.51.100.1", Header.initRequest()));

        Map<String, Long> drops = guard.filterChain().dropsByFilter();
        assertEquals(2L, drops.get("datagram-size"));
        assertEquals(1L, drops.get("init-request-header"));
        assertEquals(0L, drops.get("prefix-rate"));
        assertEquals(3L, guard.state().counters().dropsTotal());
        for (InboundFilter f : guard.filterChain().filters()) {
            assertTrue(f.rule().contains("RFC"), f.name() + " cites its RFC");
            assertFalse(f.name().isBlank());
        }
    }
}
