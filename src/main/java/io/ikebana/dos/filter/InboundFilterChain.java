package io.ikebana.dos.filter;

import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs filters in order; the first drop wins and is counted per filter and per reason. Cheapest
 * and most structural checks come first, so later filters can rely on them (e.g. the header is
 * complete). Thread-safe if the filters are.
 */
public final class InboundFilterChain {
    private final List<InboundFilter> filters;
    private final LongAdder[] drops;
    private final DosMetrics metrics;

    public InboundFilterChain(List<InboundFilter> filters, DosMetrics metrics) {
        this.filters = List.copyOf(filters);
        this.drops = new LongAdder[this.filters.size()];
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        this.metrics = metrics;
    }

    public Verdict screen(InboundDatagram datagram) {
        for (int i = 0; i < filters.size(); i++) {
            Verdict v = filters.get(i).check(datagram);
            if (!v.isPass()) {
                drops[i].increment();
                metrics.dropped(v.reason());
                return v;
            }
        }
        return Verdict.pass();
    }

    public List<InboundFilter> filters() {
        return filters;
    }

    /** Filter name -> messages it dropped, in chain order. */
    public Map<String, Long> dropsByFilter() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < filters.size(); i++) {
            m.put(filters.get(i).name(), drops[i].sum());
        }
        return m;
    }
}
