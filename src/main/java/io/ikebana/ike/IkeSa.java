package io.ikebana.ike;

import io.ikebana.crypto.Secret;
import io.ikebana.crypto.SkCipher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An established IKE SA: everything any cluster member needs to continue it (DESIGN.md "What is
 * shared"). Mutable, but only ever touched by the one thread that has it checked out of the
 * {@link io.ikebana.store.SaStore}.
 */
public final class IkeSa {
    private final long spiI;
    private final long spiR;
    private final boolean originalInitiator;
    private IkeSaState state = IkeSaState.ESTABLISHED;
    private final IkeSuite suite;
    private final Secret skD;
    private final Secret skAi;
    private final Secret skAr;
    private final Secret skEi;
    private final Secret skEr;
    private Identity localId;
    private Identity remoteId;
    private String peerName;
    private InetSocketAddress local;
    private InetSocketAddress remote;
    private final Set<IkeExtension> extensions = EnumSet.noneOf(IkeExtension.class);
    private final MessageWindow window = new MessageWindow();
    private final List<ChildSaState> children = new ArrayList<>();
    private final List<InetAddress> virtualIps = new ArrayList<>();
    private final List<InetAddress> peerAdditionalAddresses = new ArrayList<>();
    private long createdMillis;
    private long rekeyAtMillis;
    private long expireAtMillis;
    private long lastInboundMillis;
    private String owner = "";
    private long version;
    /** Set on a clone (RFC 7791): the IKE SA it was cloned from, 0 otherwise. */
    private long clonedFrom;

    /**
     * RFC 4555 §1.2: the MOBIKE initiator is the side that initiated the first IKE SA of a series of
     * rekeyed (and cloned) IKE SAs, not the "original initiator" of this one, which flips when the
     * other side rekeys or clones.
     */
    private boolean mobikeInitiator;

    public IkeSa(long spiI, long spiR, boolean originalInitiator, IkeSuite suite, Secret skD, Secret skAi,
            Secret skAr, Secret skEi, Secret skEr) {
        this.spiI = spiI;
        this.spiR = spiR;
        this.mobikeInitiator = originalInitiator;
        this.originalInitiator = originalInitiator;
        this.suite = suite;
        this.skD = skD;
        this.skAi = skAi;
        this.skAr = skAr;
        this.skEi = skEi;
        this.skEr = skEr;
    }

    public long spiI() {
        return spiI;
    }

    public long spiR() {
        return spiR;
    }

    /** The SPI this side chose: the store key. */
    public long localSpi() {
        return originalInitiator ? spiI : spiR;
    }

    public long remoteSpi() {
        return originalInitiator ? spiR : spiI;
    }

    public boolean originalInitiator() {
        return originalInitiator;
    }

    public IkeSaState state() {
        return state;
    }

    public void state(IkeSaState s) {
        this.state = s;
    }

    public IkeSuite suite() {
        return suite;
    }

    public Secret skD() {
        return skD;
    }

    public Secret skAi() {
        return skAi;
    }

    public Secret skAr() {
        return skAr;
    }

    public Secret skEi() {
        return skEi;
    }

    public Secret skEr() {
        return skEr;
    }

    /** RFC 7296 §2.14: SK_ei/SK_ai protect what the original initiator sends. */
    public SkCipher outboundCipher(SecureRandom random) {
        return originalInitiator
                ? new SkCipher(suite.encr(), suite.integ(), skEi.bytes(), skAi.bytes(), random)
                : new SkCipher(suite.encr(), suite.integ(), skEr.bytes(), skAr.bytes(), random);
    }

    public SkCipher inboundCipher(SecureRandom random) {
        return originalInitiator
                ? new SkCipher(suite.encr(), suite.integ(), skEr.bytes(), skAr.bytes(), random)
                : new SkCipher(suite.encr(), suite.integ(), skEi.bytes(), skAi.bytes(), random);
    }

    public Identity localId() {
        return localId;
    }

    public Identity remoteId() {
        return remoteId;
    }

    public void identities(Identity local, Identity remote) {
        this.localId = local;
        this.remoteId = remote;
    }

    public String peerName() {
        return peerName;
    }

    public void peerName(String name) {
        this.peerName = name;
    }

    public InetSocketAddress local() {
        return local;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public void endpoints(InetSocketAddress local, InetSocketAddress remote) {
        this.local = local;
        this.remote = remote;
    }

    public Set<IkeExtension> extensions() {
        return extensions;
    }

    public boolean has(IkeExtension e) {
        return extensions.contains(e);
    }

    public MessageWindow window() {
        return window;
    }

    public List<ChildSaState> children() {
        return children;
    }

    public ChildSaState childByInbound(int spi) {
        for (ChildSaState c : children) {
            if (c.inboundSpi() == spi) {
                return c;
            }
        }
        return null;
    }

    public ChildSaState childByOutbound(int spi) {
        for (ChildSaState c : children) {
            if (c.outboundSpi() == spi) {
                return c;
            }
        }
        return null;
    }

    public List<InetAddress> virtualIps() {
        return virtualIps;
    }

    public List<InetAddress> peerAdditionalAddresses() {
        return peerAdditionalAddresses;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public void createdMillis(long v) {
        this.createdMillis = v;
    }

    public long rekeyAtMillis() {
        return rekeyAtMillis;
    }

    public void rekeyAtMillis(long v) {
        this.rekeyAtMillis = v;
    }

    public long expireAtMillis() {
        return expireAtMillis;
    }

    public void expireAtMillis(long v) {
        this.expireAtMillis = v;
    }

    public long lastInboundMillis() {
        return lastInboundMillis;
    }

    public void lastInboundMillis(long v) {
        this.lastInboundMillis = v;
    }

    public String owner() {
        return owner;
    }

    public void owner(String member) {
        this.owner = member;
    }

    public long version() {
        return version;
    }

    public void version(long v) {
        this.version = v;
    }

    public long clonedFrom() {
        return clonedFrom;
    }

    public void clonedFrom(long spi) {
        this.clonedFrom = spi;
    }

    public boolean mobikeInitiator() {
        return mobikeInitiator;
    }

    public void mobikeInitiator(boolean value) {
        this.mobikeInitiator = value;
    }

    /** Copies what an IKE SA's successor (rekey, clone) keeps: identities, endpoints, extensions. */
    public void copyContextTo(IkeSa next) {
        next.mobikeInitiator(mobikeInitiator);
        next.identities(localId, remoteId);
        next.peerName(peerName);
        next.endpoints(local, remote);
        next.extensions().addAll(extensions);
        next.peerAdditionalAddresses().addAll(peerAdditionalAddresses);
        next.createdMillis(createdMillis);
        next.lastInboundMillis(lastInboundMillis);
        next.owner(owner);
    }

    public void destroyKeys() {
        skD.destroy();
        skAi.destroy();
        skAr.destroy();
        skEi.destroy();
        skEr.destroy();
    }

    @Override
    public String toString() {
        return String.format("IKE %016x_i %016x_r %s %s %s <-> %s %s", spiI, spiR, state, suite, localId, remoteId,
                remote);
    }
}
