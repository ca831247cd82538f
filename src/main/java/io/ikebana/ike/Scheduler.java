package io.ikebana.ike;

/** Timers for the engine (retransmissions, DPD, rekeying, half-open expiry). */
public interface Scheduler {

    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(long delayMillis, Runnable task);
}
