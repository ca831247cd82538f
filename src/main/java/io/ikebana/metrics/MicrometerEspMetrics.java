package io.ikebana.metrics;

import io.ikebana.esp.Direction;
import io.ikebana.esp.DropReason;
import io.ikebana.esp.EspMetrics;

/**
 * The data plane's {@link EspMetrics} on {@link EspMeters}: {@code ikebana_esp_packets_total},
 * {@code ikebana_esp_bytes_total} by direction and {@code ikebana_esp_drops_total{direction,reason}}
 * with every reason registered up front (replay drops are {@code replayed} and
 * {@code outside_window}, ICV failures {@code icv_failure}).
 */
public final class MicrometerEspMetrics implements EspMetrics {
    private final EspMeters meters;

    public MicrometerEspMetrics(EspMeters meters) {
        this.meters = meters.registerDropReasons(DropReason.class);
    }

    @Override
    public void packetIn(int bytes) {
        meters.packet(EspMeters.Direction.INBOUND, bytes);
    }

    @Override
    public void packetOut(int bytes) {
        meters.packet(EspMeters.Direction.OUTBOUND, bytes);
    }

    @Override
    public void dropped(Direction direction, DropReason reason) {
        meters.dropped(direction == Direction.INBOUND ? EspMeters.Direction.INBOUND : EspMeters.Direction.OUTBOUND,
                reason);
    }
}
