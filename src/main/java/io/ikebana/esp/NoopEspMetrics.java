package io.ikebana.esp;

/** {@link EspMetrics} that records nothing. */
public final class NoopEspMetrics implements EspMetrics {

    @Override
    public void packetIn(int bytes) {
    }

    @Override
    public void packetOut(int bytes) {
    }

    @Override
    public void dropped(Direction direction, DropReason reason) {
    }
}
