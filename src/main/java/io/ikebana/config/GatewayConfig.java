package io.ikebana.config;

import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.policy.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A gateway node's whole configuration, validated. */
public record GatewayConfig(
        Path file,
        Listen listen,
        EngineConfig engine,
        Map<String, Cidr> pools,
        DataPlane dataPlane,
        Admin admin,
        Cluster cluster,
        io.ikebana.dos.DosConfig dos) {

    /**
     * Where IKE (and ESP) are received; {@code ikePort} plays UDP 500, {@code nattPort} UDP 4500,
     * {@code tcpPort} TCP 4500 (RFC 9329; 0 = off) with the stream limits {@code tcp}.
     */
    public record Listen(List<InetAddress> addresses, int ikePort, int nattPort, int tcpPort,
            List<InetAddress> publicAddresses, io.ikebana.transport.tcp.TcpLimits tcp) {

        public Listen(List<InetAddress> addresses, int ikePort, int nattPort, int tcpPort,
                List<InetAddress> publicAddresses) {
            this(addresses, ikePort, nattPort, tcpPort, publicAddresses, io.ikebana.transport.tcp.TcpLimits.defaults());
        }
    }

    /**
     * @param backend {@code none} (negotiate only), {@code memory} (in-process packets) or {@code tun}
     */
    public record DataPlane(String backend, String tunName, Cidr tunAddress, int mtu, int replayWindow) {
    }

    public record Admin(boolean enabled, String address, int port, Secret token, Path tlsCert, Path tlsKey) {
        @Override
        public String toString() {
            return "Admin[" + address + ":" + port + (tlsCert != null ? " tls" : "") + "]";
        }
    }

    /**
     * @param enabled false: one node on its own, IKE SAs and leases in process memory (DESIGN.md:
     *        "in-memory for one node"), no Hazelcast member; a restart loses them
     * @param hazelcastConfig Hazelcast YAML; null runs an embedded single member with defaults
     * @param keys cluster keys by id; {@code currentKey} encrypts new records
     */
    public record Cluster(boolean enabled, Path hazelcastConfig, Map<Integer, Secret> keys, int currentKey,
            String memberAddress, int minimumClusterSize) {
        @Override
        public String toString() {
            return enabled ? "Cluster[" + hazelcastConfig + ", key " + currentKey + "]" : "Cluster[off]";
        }
    }


}
