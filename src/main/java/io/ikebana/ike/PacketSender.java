package io.ikebana.ike;

/** Sends IKE datagrams; implemented by the transport. Must not block and may be called from any thread. */
@FunctionalInterface
public interface PacketSender {
    void send(Packet packet);
}
