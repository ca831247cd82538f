package io.ikebana.ike;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test double of the data-plane port: remembers what was installed. */
final class RecordingInstaller implements ChildSaInstaller {
    final Map<Integer, Installation> installed = new ConcurrentHashMap<>();
    private final AtomicInteger next;

    RecordingInstaller(int base) {
        next = new AtomicInteger(base);
    }

    @Override
    public int allocateSpi() {
        return next.incrementAndGet();
    }

    @Override
    public void install(Installation i) {
        installed.put(i.inboundSpi(), i);
    }

    @Override
    public void remove(int inboundSpi) {
        installed.remove(inboundSpi);
    }

    @Override
    public void updateEndpoints(long ikeSpi, InetSocketAddress local, InetSocketAddress remote) {
    }
}
