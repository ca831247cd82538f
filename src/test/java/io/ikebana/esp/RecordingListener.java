package io.ikebana.esp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records listener events as strings like "rekey 4097 PACKETS" / "expired 4097 TIME". */
final class RecordingListener implements ChildSaListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void rekeyNeeded(long owner, int inboundSpi, Reason reason) {
        events.add("rekey " + inboundSpi + " " + reason);
    }

    @Override
    public void expired(long owner, int inboundSpi, Reason reason) {
        events.add("expired " + inboundSpi + " " + reason);
    }

    @Override
    public void remoteMappingChanged(long owner, int inboundSpi, InetSocketAddress observed) {
        events.add("mapping " + inboundSpi + " " + observed.getPort());
    }
}
