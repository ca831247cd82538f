package io.ikebana.ike;

import io.ikebana.wire.payload.TrafficSelector;
import java.util.List;

/**
 * What the IKE SA record knows of one Child SA: SPIs, algorithms, selectors and timers. The keys,
 * sequence numbers and replay windows are NOT here: they live only in the data plane of the
 * member that owns the Child SA ({@code member}).
 */
public final class ChildSaState {
    public enum Status { INSTALLED, REKEYING, REKEYED, DELETING }

    private final int inboundSpi;
    private final int outboundSpi;
    private final EspSuite suite;
    private final List<TrafficSelector> localTs;
    private final List<TrafficSelector> remoteTs;
    private final String member;
    private final long createdMillis;
    private long rekeyAtMillis;
    private long expireAtMillis;
    private Status status = Status.INSTALLED;

    public ChildSaState(int inboundSpi, int outboundSpi, EspSuite suite, List<TrafficSelector> localTs,
            List<TrafficSelector> remoteTs, String member, long createdMillis, long rekeyAtMillis, long expireAtMillis) {
        this.inboundSpi = inboundSpi;
        this.outboundSpi = outboundSpi;
        this.suite = suite;
        this.localTs = List.copyOf(localTs);
        this.remoteTs = List.copyOf(remoteTs);
        this.member = member;
        this.createdMillis = createdMillis;
        this.rekeyAtMillis = rekeyAtMillis;
        this.expireAtMillis = expireAtMillis;
    }

    public int inboundSpi() {
        return inboundSpi;
    }

    public int outboundSpi() {
        return outboundSpi;
    }

    public EspSuite suite() {
        return suite;
    }

    public List<TrafficSelector> localTs() {
        return localTs;
    }

    public List<TrafficSelector> remoteTs() {
        return remoteTs;
    }

    public String member() {
        return member;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long rekeyAtMillis() {
        return rekeyAtMillis;
    }

    public long expireAtMillis() {
        return expireAtMillis;
    }

    public void rekeyAt(long millis) {
        this.rekeyAtMillis = millis;
    }

    public void expireAt(long millis) {
        this.expireAtMillis = millis;
    }

    public Status status() {
        return status;
    }

    public void status(Status s) {
        this.status = s;
    }

    @Override
    public String toString() {
        return String.format("child %08x/%08x %s %s === %s", inboundSpi, outboundSpi, suite, localTs, remoteTs);
    }
}
