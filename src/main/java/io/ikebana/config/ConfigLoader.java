package io.ikebana.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.Cidr;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.LocalCredentials;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.wire.payload.TrafficSelector;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code gateway.yaml}. Every value is checked here, so that a wrong configuration fails
 * at start with the file, the key and the reason (DESIGN.md), never later at run time.
 */
public final class ConfigLoader {
    public static final String EMBEDDED_DEFAULT = "/gateway.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public ConfigLoader() {
        this(System.getenv());
    }

    /** Loads a file; relative paths inside it are resolved against its directory. */
    public GatewayConfig load(Path file) {
        String name = file.toString();
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new ConfigException(name, "", "cannot read: " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(name, base, root);
    }

    /** The configuration bundled in the jar (README's default run). */
    public GatewayConfig loadEmbedded() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(EMBEDDED_DEFAULT)) {
            if (in == null) {
                throw new ConfigException(EMBEDDED_DEFAULT, "", "missing from the jar");
            }
            return parse("embedded:gateway.yaml", Path.of("."), YAML.readTree(in));
        } catch (IOException e) {
            throw new ConfigException(EMBEDDED_DEFAULT, "", "cannot read: " + e.getMessage());
        }
    }

    /** {@code listen.tcp}: bounds and timers of the RFC 9329 listener. */
    private static io.ikebana.transport.tcp.TcpLimits tcpLimits(Section t) {
        io.ikebana.transport.tcp.TcpLimits d = io.ikebana.transport.tcp.TcpLimits.defaults();
        io.ikebana.transport.tcp.TcpLimits l = new io.ikebana.transport.tcp.TcpLimits(
                t.integer("maxStreams", d.maxStreams(), 1, 10_000_000),
                t.integer("maxStreamsPerSource", d.maxStreamsPerSource(), 1, 1_000_000),
                t.integer("maxFrame", d.maxFrame(), 64, 65535),
                t.integer("writeQueue", d.writeQueueBytes(), 4096, 1 << 30),
                positive(t, "firstMessage", Duration.ofMillis(d.firstMessageMillis())),
                positive(t, "statelessIdle", Duration.ofMillis(d.statelessIdleMillis())),
                positive(t, "partialFrame", Duration.ofMillis(d.partialFrameMillis())),
                t.integer("maxGarbageFrames", d.maxGarbageFrames(), 0, 1_000_000));
        t.finish();
        return l;
    }

    GatewayConfig parse(String name, Path base, JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(name, "", "empty file");
        }
        Section top = new Section(name, "", root);
        Section node = top.section("node");
        String member = node.string("name", hostName());
        node.finish();

        Section listen = top.section("listen");
        List<InetAddress> addresses = listen.parsedList("addresses", List.of("127.0.0.1"), ConfigLoader::address);
        int ikePort = listen.integer("ikePort", 500, 1, 65535);
        int nattPort = listen.integer("nattPort", 4500, 1, 65535);
        // RFC 9329 §5: TCP 4500 by default, i.e. the NAT-T port's number
        int tcpPort = listen.integer("tcpPort", nattPort, 0, 65535);
        List<InetAddress> publicAddresses = listen.parsedList("publicAddresses", List.of(), ConfigLoader::address);
        if (ikePort == nattPort) {
            throw listen.error("nattPort", "must differ from ikePort " + ikePort);
        }
        io.ikebana.transport.tcp.TcpLimits tcpLimits = tcpLimits(listen.section("tcp"));
        listen.finish();
        GatewayConfig.Listen l = new GatewayConfig.Listen(addresses, ikePort, nattPort, tcpPort, publicAddresses,
                tcpLimits);

        Map<String, Cidr> pools = new LinkedHashMap<>();
        for (Section p : top.sections("pools")) {
            String pn = p.required("name");
            Cidr c;
            try {
                c = Cidr.parse(p.required("cidr"));
            } catch (IllegalArgumentException e) {
                throw p.error("cidr", e.getMessage());
            }
            if (pools.put(pn, c) != null) {
                throw p.error("name", "pool '" + pn + "' defined twice");
            }
            p.finish();
        }

        LocalCredentials local = identity(top.section("identity"), base);
        Section ike = top.section("ike");
        List<CryptoProposal> ikeProposals = ike.parsedList("proposals",
                List.of("aes256gcm16-prfsha256-x25519", "aes128gcm16-prfsha256-x25519", "aes128-sha256-ecp256",
                        "aes256-sha384-ecp384", "aes128gcm16-prfsha256-modp2048", "aes128-sha256-modp3072"),
                s -> CryptoProposal.parse(s, false));
        List<CryptoProposal> espProposals = ike.parsedList("espProposals",
                List.of("aes256gcm16", "aes128gcm16", "aes128-sha256", "aes256-sha256", "aes256-sha384",
                        "aes256-sha512", "aes128gcm16-esn", "aes256gcm16-esn"),
                s -> CryptoProposal.parse(s, true));
        if (ikeProposals.isEmpty()) {
            throw ike.error("proposals", "needs at least one proposal");
        }
        if (espProposals.isEmpty()) {
            throw ike.error("espProposals", "needs at least one proposal");
        }
        Section rt = ike.section("retransmit");
        EngineConfig.Timers timers = new EngineConfig.Timers(
                millis(ike, "ikeRekey", Duration.ofHours(4)),
                millis(ike, "childRekey", Duration.ofHours(1)),
                millis(ike, "dpd", Duration.ofSeconds(30)),
                positive(ike, "halfOpenTimeout", Duration.ofSeconds(30)),
                positive(rt, "timeout", Duration.ofSeconds(2)),
                rt.decimal("base", 1.8, 1.0, 4.0),
                rt.integer("tries", 5, 0, 20),
                ike.integer("rekeyJitterPercent", 10, 0, 50));
        rt.finish();
        EngineConfig.Features features = new EngineConfig.Features(
                ike.bool("forceEncapsulation", true),
                ike.bool("fragmentation", true),
                ike.integer("fragmentSize", 1280, 576, 65000),
                ike.bool("mobike", true),
                ike.bool("messageIdSync", true),
                ike.bool("rsaPss", false),
                ike.bool("sendCertReq", true),
                ike.bool("clone", true));
        EngineConfig.Limits limits = new EngineConfig.Limits(
                ike.integer("maxFragments", 64, 1, 255),
                ike.integer("maxFragmentBytes", 65536, 1024, 1 << 20),
                ike.integer("maxHalfOpen", 100_000, 1, 10_000_000),
                ike.integer("maxChildSasPerIkeSa", 16, 1, 1024),
                ike.integer("maxClonesPerIdentity", 8, 1, 1024));
        ike.finish();

        List<PeerPolicy> peers = new ArrayList<>();
        for (Section p : top.sections("peers")) {
            peers.add(peer(p, base, pools, local.auth(), local.privateKey() != null));
        }
        if (peers.isEmpty()) {
            throw top.error("peers", "at least one peer policy is required");
        }

        Section dp = top.section("dataplane");
        String backend = dp.string("backend", "memory").toLowerCase(Locale.ROOT);
        if (!List.of("none", "memory", "tun").contains(backend)) {
            throw dp.error("backend", "'" + backend + "' is not one of none, memory, tun");
        }
        Section tun = dp.section("tun");
        String tunName = tun.string("name", "ikb0");
        if (tunName.length() > 15) {
            throw tun.error("name", "interface names have at most 15 characters");
        }
        Cidr tunAddress = null;
        String ta = tun.string("address", null);
        if (ta != null) {
            try {
                tunAddress = Cidr.parse(ta);
            } catch (IllegalArgumentException e) {
                throw tun.error("address", e.getMessage());
            }
        }
        int mtu = tun.integer("mtu", 1400, 576, 9000);
        tun.finish();
        if (backend.equals("tun") && tunAddress == null) {
            throw dp.error("tun.address", "is required with backend tun");
        }
        GatewayConfig.DataPlane dataPlane = new GatewayConfig.DataPlane(backend, tunName, tunAddress, mtu,
                dp.integer("replayWindow", 128, 32, 4096));
        dp.finish();

        Section ad = top.section("admin");
        boolean adminEnabled = ad.bool("enabled", true);
        // without a token the gateway makes a random one at start and says where it wrote it
        Secret token = secret(ad, "token", base);
        Section tls = ad.section("tls");
        Path tlsCert = path(tls, "certificate", base, true);
        Path tlsKey = path(tls, "privateKey", base, true);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw tls.error("", "certificate and privateKey go together");
        }
        tls.finish();
        GatewayConfig.Admin admin = new GatewayConfig.Admin(adminEnabled, ad.string("address", "127.0.0.1"),
                ad.integer("port", 8480, 0, 65535), token, tlsCert, tlsKey);
        ad.finish();

        Section cl = top.section("cluster");
        boolean clusterEnabled = cl.bool("enabled", true);
        if (!clusterEnabled) {
            // a standalone node has no grid: settings for one would be silently ignored
            for (String k : List.of("hazelcast", "keys", "currentKey", "memberAddress", "minimumClusterSize")) {
                if (cl.has(k)) {
                    throw cl.error(k, "has no effect with cluster.enabled: false (one node, SAs in memory)");
                }
            }
        }
        Path hz = path(cl, "hazelcast", base, true);
        Map<Integer, Secret> keys = new LinkedHashMap<>();
        for (Section k : cl.sections("keys")) {
            int id = k.integer("id", -1, 0, 255);
            if (id < 0) {
                throw k.error("id", "is required");
            }
            Secret s = secret(k, "key", base);
            if (s == null) {
                throw k.error("key", "is required");
            }
            byte[] raw = decodeKey(k, s);
            if (keys.put(id, Secret.wrap(raw)) != null) {
                throw k.error("id", "key id " + id + " defined twice");
            }
            k.finish();
        }
        int current = cl.integer("currentKey", keys.isEmpty() ? 0 : keys.keySet().iterator().next(), 0, 255);
        if (!keys.isEmpty() && !keys.containsKey(current)) {
            throw cl.error("currentKey", "no key with id " + current);
        }
        GatewayConfig.Cluster cluster = new GatewayConfig.Cluster(clusterEnabled, hz, keys, current,
                cl.string("memberAddress", null),
                cl.integer("minimumClusterSize", 1, 1, 100));
        cl.finish();

        io.ikebana.dos.DosConfig dos = DosConfigReader.read(top.section("dos"));
        top.finish();
        EngineConfig engine = new EngineConfig(member, local, peers, ikeProposals, espProposals, timers, features, limits);
        return new GatewayConfig(Path.of(name), l, engine, pools, dataPlane, admin, cluster, dos);
    }

    private LocalCredentials identity(Section s, Path base) {
        Identity id;
        try {
            id = Identity.parse(s.string("id", "gw.ikebana.test"));
        } catch (IllegalArgumentException e) {
            throw s.error("id", e.getMessage());
        }
        if (id.isWildcard()) {
            throw s.error("id", "our own identity cannot be %any");
        }
        AuthMethod auth = authMethod(s, "auth", "psk");
        List<X509Certificate> chain = List.of();
        PrivateKey key = null;
        Path cert = path(s, "certificate", base, true);
        Path keyFile = path(s, "privateKey", base, true);
        if (auth == AuthMethod.PUBKEY || cert != null || keyFile != null) {
            if (cert == null || keyFile == null) {
                throw s.error(cert == null ? "certificate" : "privateKey",
                        "is required with auth pubkey, and certificate and privateKey go together");
            }
            try {
                chain = Pem.certificates(cert);
            } catch (IOException | GeneralSecurityException e) {
                throw s.error("certificate", e.getMessage());
            }
            try {
                key = Pem.privateKey(keyFile);
            } catch (IOException | RuntimeException e) {
                throw s.error("privateKey", e.getMessage());
            }
        }
        s.finish();
        return new LocalCredentials(id, auth, null, chain, key);
    }

    private PeerPolicy peer(Section p, Path base, Map<String, Cidr> pools, AuthMethod localDefault, boolean hasCert) {
        String name = p.required("name");
        Identity remote;
        try {
            remote = Identity.parse(p.string("remoteId", "%any"));
        } catch (IllegalArgumentException e) {
            throw p.error("remoteId", e.getMessage());
        }
        AuthMethod auth = authMethod(p, "auth", "psk");
        AuthMethod localAuth = authMethod(p, "localAuth", localDefault.name().toLowerCase(Locale.ROOT));
        if (localAuth == AuthMethod.PUBKEY && localDefault != AuthMethod.PUBKEY && !hasCert) {
            throw p.error("localAuth", "pubkey needs identity.certificate and identity.privateKey");
        }
        Secret psk = secret(p, "psk", base);
        if ((auth == AuthMethod.PSK || localAuth == AuthMethod.PSK) && psk == null) {
            throw p.error("psk", "is required with auth psk");
        }
        if (psk != null && psk.length() < 16) {
            // RFC 7296 §2.15 asks for strong keys; short PSKs are brute-forceable offline
            throw p.error("psk", "must be at least 16 characters");
        }
        List<X509Certificate> cas = new ArrayList<>();
        for (String f : p.strings("cas", List.of())) {
            try {
                cas.addAll(Pem.certificates(base.resolve(f)));
            } catch (IOException | GeneralSecurityException e) {
                throw p.error("cas", f + ": " + e.getMessage());
            }
        }
        if (auth == AuthMethod.PUBKEY && cas.isEmpty()) {
            throw p.error("cas", "at least one CA is required with auth pubkey");
        }
        List<String> poolNames = p.strings("pools", List.of());
        for (String pn : poolNames) {
            if (!pools.containsKey(pn)) {
                throw p.error("pools", "no pool named '" + pn + "'");
            }
        }
        List<TrafficSelector> localTs = p.parsedList("localTs", List.of(), ConfigLoader::selector);
        List<TrafficSelector> remoteTs = p.parsedList("remoteTs", List.of(), ConfigLoader::selector);
        p.finish();
        return new PeerPolicy(name, remote, auth, localAuth, psk, cas, poolNames, localTs, remoteTs);
    }

    private static AuthMethod authMethod(Section s, String key, String def) {
        String a = s.string(key, def).toLowerCase(Locale.ROOT);
        switch (a) {
            case "psk": return AuthMethod.PSK;
            case "pubkey": return AuthMethod.PUBKEY;
            default: throw s.error(key, "'" + a + "' is not psk or pubkey");
        }
    }

    /** A secret given as a string, or as {value|file|env}. */
    private Secret secret(Section s, String key, Path base) {
        if (!s.has(key)) {
            s.string(key, null);
            return null;
        }
        if (!s.isMapping(key)) {
            return Secret.wrap(s.string(key, null).getBytes(StandardCharsets.UTF_8));
        }
        Section sub = s.section(key);
        String value = sub.string("value", null);
        Path file = path(sub, "file", base, true);
        String var = sub.string("env", null);
        sub.finish();
        int given = (value != null ? 1 : 0) + (file != null ? 1 : 0) + (var != null ? 1 : 0);
        if (given != 1) {
            throw s.error(key, "give exactly one of value, file, env");
        }
        if (value != null) {
            return Secret.wrap(value.getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            try {
                return Secret.wrap(Files.readString(file).strip().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw s.error(key + ".file", "cannot read " + file + ": " + e.getMessage());
            }
        }
        String v = env.get(var);
        if (v == null || v.isEmpty()) {
            throw s.error(key + ".env", "environment variable " + var + " is not set");
        }
        return Secret.wrap(v.getBytes(StandardCharsets.UTF_8));
    }

    /** Cluster keys are 32 octets, written as 64 hex digits or base64. */
    private static byte[] decodeKey(Section k, Secret s) {
        String t = new String(s.bytes(), StandardCharsets.UTF_8).strip();
        byte[] raw;
        try {
            raw = t.matches("[0-9a-fA-F]{64}") ? HexFormat.of().parseHex(t) : java.util.Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw k.error("key", "neither 64 hex digits nor base64");
        }
        if (raw.length != 32) {
            throw k.error("key", "must be 32 octets (AES-256), got " + raw.length);
        }
        return raw;
    }

    private static Path path(Section s, String key, Path base, boolean mustExist) {
        String v = s.string(key, null);
        if (v == null) {
            return null;
        }
        Path p = base.resolve(v).normalize();
        if (mustExist && !Files.isReadable(p)) {
            throw s.error(key, p + " does not exist or is not readable");
        }
        return p;
    }

    private static long millis(Section s, String key, Duration def) {
        return s.duration(key, def).toMillis();
    }

    private static long positive(Section s, String key, Duration def) {
        long v = s.duration(key, def).toMillis();
        if (v <= 0) {
            throw s.error(key, "must be positive");
        }
        return v;
    }

    static InetAddress address(String s) {
        String t = s.trim();
        if (!t.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    static TrafficSelector selector(String s) {
        Cidr c = Cidr.parse(s.contains("/") ? s : s + (s.contains(":") ? "/128" : "/32"));
        return TrafficSelector.ofSubnet(c.network(), c.prefix());
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "ikebana";
        }
    }
}
