package io.ikebana.esp;

import io.ikebana.esp.crypto.EspCipher;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * State shared by both directions of an SA: its SPI, cipher, counters, and the single-writer
 * guard. The guard is a non-blocking try-lock: the thread that wins it owns the cipher, window or
 * sequence counter until {@link #release()}; a thread that loses drops its packet
 * ({@link DropReason#CONCURRENT_USE}) instead of waiting. Acquire/release also hand the state over
 * with a happens-before edge when the processing thread of an SA changes (e.g. after MOBIKE).
 */
abstract class SaDirection {

    final int spi;
    final EspCipher cipher;
    final TrafficCounters counters = new TrafficCounters();
    private final AtomicBoolean busy = new AtomicBoolean();

    SaDirection(int spi, EspCipher cipher) {
        this.spi = spi;
        this.cipher = cipher;
    }

    final boolean tryAcquire() {
        return !busy.getPlain() && busy.compareAndSet(false, true);
    }

    final void release() {
        busy.setRelease(false);
    }
}
