package io.ikebana.dos.filter;

import io.ikebana.dos.DropReason;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Lottery;
import io.ikebana.dos.PrefixTables;
import io.ikebana.dos.SourcePrefixes;
import io.ikebana.dos.Verdict;
import java.time.Clock;

/**
 * Counts IKE_SA_INIT requests per source prefix and lets a prefix above its hard rate through only
 * at that rate (a random share hardRate / rate), so a flooding prefix is throttled but a legitimate
 * initiator inside it still gets through on some retransmission: a limit, never a wall. Other
 * messages pass: they belong to SAs that already passed admission.
 */
public final class PrefixRateFilter implements InboundFilter {
    private final PrefixTables tables;
    private final Lottery lottery;
    private final Clock clock;
    private final boolean enabled;

    public PrefixRateFilter(PrefixTables tables, Lottery lottery, Clock clock, boolean enabled) {
        this.tables = tables;
        this.lottery = lottery;
        this.clock = clock;
        this.enabled = enabled;
    }

    @Override
    public String name() {
        return "prefix-rate";
    }

    @Override
    public String rule() {
        return "RFC 8019 §4.2: rate-limit IKE_SA_INIT per IPv4 address and per IPv6 /64 or /48; "
                + "a hard limit applies to the prefix only";
    }

    @Override
    public Verdict check(InboundDatagram d) {
        if (!enabled || !IkeHeaderView.isInitRequest(d)) {
            return Verdict.pass();
        }
        long now = clock.millis();
        SourcePrefixes sp = tables.prefixes(d.source());
        tables.recordPressure(sp, 1, now);
        // RFC 8019 §4.2: limit the rate per address/prefix; only that prefix is affected
        if (!lottery.draw(tables.passShare(sp, now))) {
            return Verdict.drop(DropReason.PREFIX_RATE_LIMIT);
        }
        return Verdict.pass();
    }
}
