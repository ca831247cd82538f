package io.ikebana.client;

import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code ikebana client} connects.
 *
 * @param bind local address to bind (port 0: any); null picks the address that routes to the gateway
 * @param cert our certificate chain (PEM) for pubkey auth, null for PSK
 * @param cas CAs that sign the gateway's certificate (pubkey auth of the gateway)
 * @param tcp whether and how to use TCP encapsulation (RFC 9329)
 */
public record ClientOptions(
        InetSocketAddress gateway,
        InetSocketAddress bind,
        Identity id,
        Identity remoteId,
        Secret psk,
        Path cert,
        Path key,
        List<Path> cas,
        AuthMethod gatewayAuth,
        List<CryptoProposal> ike,
        List<CryptoProposal> esp,
        boolean virtualIp,
        List<TrafficSelector> remoteTs,
        EngineConfig.Timers timers,
        boolean initialContact,
        TcpOptions tcp) {

    /** UDP only. */
    public ClientOptions(InetSocketAddress gateway, InetSocketAddress bind, Identity id, Identity remoteId, Secret psk,
            Path cert, Path key, List<Path> cas, AuthMethod gatewayAuth, List<CryptoProposal> ike,
            List<CryptoProposal> esp, boolean virtualIp, List<TrafficSelector> remoteTs, EngineConfig.Timers timers,
            boolean initialContact) {
        this(gateway, bind, id, remoteId, psk, cert, key, cas, gatewayAuth, ike, esp, virtualIp, remoteTs, timers,
                initialContact, TcpOptions.udpOnly());
    }

    public ClientOptions withTcp(TcpOptions t) {
        return new ClientOptions(gateway, bind, id, remoteId, psk, cert, key, cas, gatewayAuth, ike, esp, virtualIp,
                remoteTs, timers, initialContact, t);
    }
}
