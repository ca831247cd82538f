package io.ikebana.dos.filter;

import static io.ikebana.dos.Ike.FLAG_I;
import static io.ikebana.dos.Ike.FLAG_R;
import static io.ikebana.dos.Ike.IKE_AUTH;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.DropReason;
import io.ikebana.dos.Ike;
import io.ikebana.dos.Ike.Header;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.MutableClock;
import io.ikebana.dos.TestRandom;
import io.ikebana.dos.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each row: a message, the filter expected to act on it, and the expected outcome (null = pass). */
class InboundFiltersTest {

    static Stream<Arguments> cases() {
        Header init = Header.initRequest();
        Header auth = init.exchange(IKE_AUTH).spiR(0x99).messageId(1);
        return Stream.of(
                row("well-formed IKE_SA_INIT request", "198.51.100.7", init, null),
                row("IKE_AUTH request", "198.51.100.7", auth, null),
                row("IKE_SA_INIT response (we are initiator)", "198.51.100.7", init.flags(FLAG_R).spiR(5), null),
                row("unspecified v4 source", "0.0.0.0", init, DropReason.BAD_SOURCE_ADDRESS),
                row("multicast v4 source", "224.0.0.5", init, DropReason.BAD_SOURCE_ADDRESS),
                row("limited broadcast source", "255.255.255.255", init, DropReason.BAD_SOURCE_ADDRESS),
                row("multicast v6 source", "ff02::1", init, DropReason.BAD_SOURCE_ADDRESS),
                row("unspecified v6 source", "::", init, DropReason.BAD_SOURCE_ADDRESS),
                row("empty datagram", "198.51.100.7", init.datagramSize(0), DropReason.DATAGRAM_TOO_SHORT),
                row("truncated header (27)", "198.51.100.7", init.datagramSize(27), DropReason.DATAGRAM_TOO_SHORT),
                row("header only, Length 28", "198.51.100.7", auth.size(28), null),
                row("length field past end", "198.51.100.7", init.lengthField(301), DropReason.LENGTH_MISMATCH),
                row("trailing bytes after message", "198.51.100.7", init.lengthField(299), DropReason.LENGTH_MISMATCH),
                row("length field huge", "198.51.100.7", init.lengthField(0xFFFF_FFFFL), DropReason.LENGTH_MISMATCH),
                row("IKEv1 major version", "198.51.100.7", init.version(0x10), DropReason.BAD_MAJOR_VERSION),
                row("major version 3", "198.51.100.7", init.version(0x30), DropReason.BAD_MAJOR_VERSION),
                row("minor version ignored", "198.51.100.7", init.version(0x21), null),
                row("IKE_SA_INIT 123 octets", "198.51.100.7", init.size(123), DropReason.INIT_TOO_SHORT),
                row("IKE_SA_INIT 124 octets", "198.51.100.7", init.size(124), null),
                row("IKE_SA_INIT 8192 octets", "198.51.100.7", init.size(8192), null),
                row("IKE_SA_INIT 8193 octets", "198.51.100.7", init.size(8193), DropReason.INIT_TOO_LONG),
                row("IKE_AUTH 20000 octets", "198.51.100.7", auth.size(20_000), null),
                row("zero SPIi", "198.51.100.7", init.spiI(0), DropReason.INIT_ZERO_SPI_I),
                row("non-zero SPIr in request", "198.51.100.7", init.spiR(1), DropReason.INIT_NONZERO_SPI_R),
                row("message ID 1", "198.51.100.7", init.messageId(1), DropReason.INIT_NONZERO_MESSAGE_ID),
                row("I flag clear", "198.51.100.7", init.flags(0), DropReason.INIT_INITIATOR_FLAG_CLEAR),
                row("X and V bits ignored", "198.51.100.7", init.flags(FLAG_I | 0x10 | 0x07), null),
                row("no payloads", "198.51.100.7", init.nextPayload(0), DropReason.INIT_NO_PAYLOADS));
    }

    private static Arguments row(String name, String source, Header h, DropReason expected) {
        return Arguments.of(name, source, h, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void screens(String name, String source, Header header, DropReason expected) {
        DosGuard guard = DosGuard.local(DosConfig.defaults(), new MutableClock(1_700_000_000_000L),
                TestRandom.seeded("filters"), DosMetrics.noop());
        InboundDatagram d = Ike.datagram(source, header);
        Verdict v = guard.screen(d);
        assertEquals(expected, v.reason(), name);
        if (expected != null) {
            assertEquals(1, guard.state().counters().drops().get(expected), "counted under its reason");
        }
    }
}
