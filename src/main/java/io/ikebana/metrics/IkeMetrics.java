package io.ikebana.metrics;

import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;

/**
 * What the IKE engine reports. Labels are enums only: never a peer address, identity or SPI
 * (STYLE.md). {@link #NOOP} is the twin for tests and tools that do not export metrics.
 */
public interface IkeMetrics {

    enum Role { RESPONDER, INITIATOR }

    enum Outcome { OK, ERROR, TIMEOUT }

    enum AuthFailure { BAD_AUTH, UNKNOWN_PEER, BAD_CERTIFICATE, UNSUPPORTED_METHOD }

    enum SaEvent { ESTABLISHED, DELETED, REKEYED, DEAD_PEER, CHILD_CREATED, CHILD_REKEYED, CHILD_DELETED,
        TAKEOVER, MOVED_IN, MOVED_OUT, CLONED, REDIRECTED }

    void exchange(ExchangeType type, Role role, Outcome outcome);

    void authFailure(AuthFailure reason);

    void handshakeNanos(long nanos);

    void drop(DropReason reason);

    void saEvent(SaEvent event);

    IkeMetrics NOOP = new IkeMetrics() {
        @Override
        public void exchange(ExchangeType type, Role role, Outcome outcome) {
        }

        @Override
        public void authFailure(AuthFailure reason) {
        }

        @Override
        public void handshakeNanos(long nanos) {
        }

        @Override
        public void drop(DropReason reason) {
        }

        @Override
        public void saEvent(SaEvent event) {
        }
    };
}
