package io.ikebana.esp;

/**
 * Data-plane counters, wired to the metrics registry by the application ({@link NoopEspMetrics}
 * until then). Replay drops are {@link DropReason#REPLAYED} and {@link DropReason#OUTSIDE_WINDOW},
 * ICV failures {@link DropReason#ICV_FAILURE}. Called concurrently from the packet threads:
 * implementations must be thread-safe and cheap (striped counters, no locks).
 */
public interface EspMetrics {

    /** An inbound packet was decrypted and written to the device; {@code bytes} of inner packet. */
    void packetIn(int bytes);

    /** An outbound packet was encrypted and handed to the sender; {@code bytes} of inner packet. */
    void packetOut(int bytes);

    void dropped(Direction direction, DropReason reason);
}
