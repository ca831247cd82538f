package io.ikebana.cluster;

import com.hazelcast.cluster.Cluster;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Hazelcast's cluster time (the master's clock, offset-corrected on every member): the clock SA
 * leases are measured with, so members with skewed local clocks still agree on lease expiry.
 */
public final class ClusterClock extends Clock {
    private final Cluster cluster;

    public ClusterClock(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public long millis() {
        return cluster.getClusterTime();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
