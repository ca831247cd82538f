package io.ikebana.ike;

/** {@link TestNodes} for benchmarks in another package. */
public final class BenchNodes implements AutoCloseable {
    private TestNodes nodes;
    private final EngineConfig.Timers timers;

    private BenchNodes(EngineConfig.Timers timers) {
        this.timers = timers;
        this.nodes = new TestNodes(timers, "aes256gcm16-prfsha256-x25519", "aes256gcm16");
    }

    public static BenchNodes create(EngineConfig.Timers timers) {
        return new BenchNodes(timers);
    }

    public IkeEngine client() {
        return nodes.client;
    }

    public void connect() {
        nodes.client.connect(new InitiatorSettings(TestNodes.GW, TestNodes.CLIENT, nodes.client.config().peers().get(0),
                true, false, java.util.List.of(), java.util.List.of(io.ikebana.wire.payload.TrafficSelector.any(false)),
                true, false, true));
    }

    public void reset() {
        nodes.close();
        nodes = new TestNodes(timers, "aes256gcm16-prfsha256-x25519", "aes256gcm16");
    }

    @Override
    public void close() {
        nodes.close();
    }
}
