package io.ikebana.esp;

import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.EspSuite;
import io.ikebana.ike.IkeEngine;
import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.IntegrityAlgorithm;
import io.ikebana.esp.crypto.SecretKeys;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The engine's data-plane port on top of {@link EspDataPlane}: translates negotiated Child SAs
 * into {@link ChildSaSpec}s, hands out inbound SPIs, and turns the data plane's lifetime events
 * into rekeys and deletes on the engine.
 */
public final class EspChildSaInstaller implements ChildSaInstaller, ChildSaListener {
    private static final Logger LOG = Logger.getLogger(EspChildSaInstaller.class.getName());

    private final EspDataPlane plane;
    private final SecureRandom random;
    private final int replayWindow;
    private final Set<Integer> reserved = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Long> owners = new ConcurrentHashMap<>();
    private volatile Supplier<IkeEngine> engine = () -> null;

    public EspChildSaInstaller(EspDataPlane plane, SecureRandom random, int replayWindow) {
        this.plane = plane;
        this.random = random;
        this.replayWindow = replayWindow;
    }

    /** The engine to tell about lifetime events (it is built after the data plane). */
    public void engine(IkeEngine e) {
        this.engine = () -> e;
    }

    public EspDataPlane plane() {
        return plane;
    }

    @Override
    public int allocateSpi() {
        while (true) {
            int spi = random.nextInt();
            // RFC 4303 §2.1: 0 is reserved, 1..255 are IANA's
            if (Integer.compareUnsigned(spi, 256) >= 0 && !owners.containsKey(spi) && reserved.add(spi)) {
                return spi;
            }
        }
    }

    @Override
    public void install(Installation i) {
        EspSuite s = i.suite();
        EspTransform t = s.encr() == EncrAlgorithm.AES_GCM_16 ? EspTransform.aesGcm16(s.encrKeyBits())
                : EspTransform.aesCbc(s.encrKeyBits(), integrity(s.integ()));
        ChildSaSpec spec = new ChildSaSpec(i.ikeSpi(), i.inboundSpi(), i.outboundSpi(), t,
                SecretKeys.of(i.inboundEncKey(), i.inboundIntegKey()),
                SecretKeys.of(i.outboundEncKey(), i.outboundIntegKey()), s.esn(), replayWindow,
                selectors(i.localTs()), selectors(i.remoteTs()), i.local(), i.remote(), Lifetimes.UNLIMITED);
        plane.install(spec, i.replacedInboundSpi());
        owners.put(i.inboundSpi(), i.ikeSpi());
        reserved.remove(i.inboundSpi());
    }

    @Override
    public void remove(int inboundSpi) {
        reserved.remove(inboundSpi);
        if (owners.remove(inboundSpi) != null) {
            plane.remove(inboundSpi);
        }
    }

    @Override
    public void updateEndpoints(long ikeSpi, InetSocketAddress local, InetSocketAddress remote) {
        for (Map.Entry<Integer, Long> e : owners.entrySet()) {
            if (e.getValue() == ikeSpi) {
                plane.updateRemote(e.getKey(), local, remote);
            }
        }
    }

    @Override
    public void reown(int inboundSpi, long ikeSpi) {
        owners.replace(inboundSpi, ikeSpi);
    }

    @Override
    public void rekeyNeeded(long owner, int inboundSpi, Reason reason) {
        IkeEngine e = engine.get();
        if (e != null) {
            e.childRekeyNeeded(inboundSpi);
        }
    }

    @Override
    public void expired(long owner, int inboundSpi, Reason reason) {
        LOG.info(() -> String.format("Child SA %08x expired (%s)", inboundSpi, reason));
        IkeEngine e = engine.get();
        if (e != null) {
            e.childExpired(inboundSpi);
        }
    }

    static IntegrityAlgorithm integrity(io.ikebana.crypto.IntegAlgorithm a) {
        switch (a) {
            case HMAC_SHA2_384_192: return IntegrityAlgorithm.HMAC_SHA2_384_192;
            case HMAC_SHA2_512_256: return IntegrityAlgorithm.HMAC_SHA2_512_256;
            default: return IntegrityAlgorithm.HMAC_SHA2_256_128;
        }
    }

    static List<Selector> selectors(List<TrafficSelector> ts) {
        List<Selector> out = new ArrayList<>();
        for (TrafficSelector t : ts) {
            out.add(new Selector(t.ipProtocol(), t.startAddress(), t.endAddress(), t.startPort(), t.endPort()));
        }
        return out;
    }
}
