package io.ikebana.store.hazelcast;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.store.SaStore;
import io.ikebana.store.hazelcast.RecordCipher.UnreadableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The cluster-wide {@link SaStore}: an {@code IMap<Long, SaRecord>} keyed by our SPI, each value
 * sealed under the cluster key, every change an entry processor ({@link SaOp}) on the partition
 * owner. A check-out grants a lease (member + random token + expiry) and remembers here which
 * object it handed out with which token and version; check-in, release and destroy are fenced by
 * them. All methods block for a grid round trip (two with the synchronous backup): call them on
 * worker threads only.
 *
 * <p>A record this member cannot open (key id unknown here, or the key differs) is never leased
 * or written: a check-out answers Busy (drop the message, another member can serve it), a peek
 * null, and the problem is logged at SEVERE once per period ({@link LoudLog}).
 */
public final class HazelcastSaStore implements SaStore {
    private static final Logger LOG = Logger.getLogger(HazelcastSaStore.class.getName());

    public static final String MAP = "ikebana-sa";

    private record Held(IkeSa sa, long token, long version) {
    }

    /** Looked up per call: the first look-up fails while the cluster is below its minimum size. */
    private final Supplier<IMap<Long, SaRecord>> map;
    private final RecordCipher cipher;
    private final KeyCheck keyCheck;
    private final String member;
    private final Clock clock;
    private final SecureRandom random;
    private final long leaseMillis;
    private final long tombstoneMillis;
    private final LoudLog loud;
    private final Map<Long, Held> held = new ConcurrentHashMap<>();

    /**
     * @param clock the lease clock; all members must agree on it (the cluster time in production)
     * @param lease how long a check-out holds before another member may take the SA
     * @param tombstone how long a deleted SA is remembered, so a split-brain merge cannot revive it
     */
    public HazelcastSaStore(Supplier<IMap<Long, SaRecord>> map, RecordCipher cipher, KeyCheck keyCheck, String member,
            Clock clock, SecureRandom random, Duration lease, Duration tombstone) {
        this.map = map;
        this.cipher = cipher;
        this.keyCheck = keyCheck;
        this.member = member;
        this.clock = clock;
        this.random = random;
        this.leaseMillis = lease.toMillis();
        this.tombstoneMillis = tombstone.toMillis();
        this.loud = new LoudLog(LOG, clock, Duration.ofMinutes(1));
    }

    public String member() {
        return member;
    }

    /** How many times a record could not be read or written for want of the right key. */
    public long keyProblems() {
        return loud.count();
    }

    @Override
    public boolean create(IkeSa sa) {
        if (sa.owner() == null || sa.owner().isEmpty()) {
            sa.owner(member);
        }
        SaRecord r = seal(sa);
        SaOp.Result res = call(() -> map.get().executeOnKey(sa.localSpi(), SaOp.create(r)));
        return res.status() == SaOp.Status.OK;
    }

    @Override
    public Checkout checkout(long localSpi) {
        long token = random.nextLong();
        SaOp.Result res = call(() -> map.get().executeOnKey(localSpi,
                SaOp.checkout(member, token, clock.millis(), leaseMillis, keyCheck.readableKeys())));
        return opened(localSpi, token, res);
    }

    /**
     * Takes over an SA whose owner {@code deadMember} left the cluster: granted even while the
     * dead member holds the lease, and only while the record still names it as owner, so of all
     * survivors exactly one gets it. The SA comes back with this member as owner (already written
     * to the grid) and must be checked in or released as after {@link #checkout}. Busy: a live
     * member holds the lease, the record is unreadable here, or another survivor took it first.
     */
    public Checkout checkoutForTakeover(long localSpi, String deadMember) {
        long token = random.nextLong();
        SaOp.Result res = call(() -> map.get().executeOnKey(localSpi,
                SaOp.takeover(member, token, clock.millis(), leaseMillis, keyCheck.readableKeys(), deadMember)));
        if (res.status() == SaOp.Status.NOT_OWNED) {
            return new Checkout.Busy();
        }
        Checkout c = opened(localSpi, token, res);
        if (c instanceof Checkout.Ok ok) {
            ok.sa().owner(member);
        }
        return c;
    }

    private Checkout opened(long spi, long token, SaOp.Result res) {
        switch (res.status()) {
            case NOT_FOUND:
                return new Checkout.NotFound();
            case BUSY:
                return new Checkout.Busy();
            case UNREADABLE:
                unreadable(spi, res.record().keyId(), "not leased");
                return new Checkout.Busy();
            case OK:
                break;
            default:
                throw new IllegalStateException("unexpected " + res.status());
        }
        SaRecord r = res.record();
        IkeSa sa;
        try {
            sa = IkeSaCodec.decode(cipher.open(spi, r.blob()));
        } catch (UnreadableRecordException e) {
            call(() -> map.get().executeOnKey(spi, SaOp.release(member, token)));
            loud.problem("cannot open SA records", () -> e.getMessage() + "; this member will not serve or write them"
                    + " (check cluster.keys)");
            return new Checkout.Busy();
        }
        sa.version(r.version());
        sa.owner(r.owner());
        held.put(spi, new Held(sa, token, r.version()));
        return new Checkout.Ok(sa);
    }

    @Override
    public void checkin(IkeSa sa) {
        Held h = take(sa);
        requireWritableKey();
        SaRecord r = seal(sa);
        SaOp.Result res = call(() -> map.get().executeOnKey(sa.localSpi(), SaOp.checkin(member, h.token(), h.version(), r)));
        if (res.status() != SaOp.Status.OK) {
            throw new LeaseLostException(String.format("IKE SA %016x: lease lost, not written", sa.localSpi()));
        }
        sa.version(h.version() + 1);
    }

    @Override
    public void release(IkeSa sa) {
        Held h = held.get(sa.localSpi());
        if (h == null || h.sa() != sa) {
            return;
        }
        held.remove(sa.localSpi(), h);
        call(() -> map.get().executeOnKey(sa.localSpi(), SaOp.release(member, h.token())));
    }

    @Override
    public void checkinAndDestroy(IkeSa sa) {
        Held h = take(sa);
        SaOp.Result res = call(() -> map.get().executeOnKey(sa.localSpi(),
                SaOp.destroy(member, h.token(), h.version(), clock.millis(), tombstoneMillis)));
        if (res.status() != SaOp.Status.OK) {
            throw new LeaseLostException(String.format("IKE SA %016x: lease lost, not deleted", sa.localSpi()));
        }
    }

    private Held take(IkeSa sa) {
        Held h = held.get(sa.localSpi());
        if (h == null || h.sa() != sa) {
            throw new LeaseLostException(String.format("IKE SA %016x is not checked out here", sa.localSpi()));
        }
        held.remove(sa.localSpi(), h);
        return h;
    }

    @Override
    public IkeSa peek(long localSpi) {
        SaRecord r = call(() -> map.get().get(localSpi));
        if (r == null || r.deleted()) {
            return null;
        }
        return open(localSpi, r);
    }

    @Override
    public List<Long> findByRemoteIdentity(Identity id) {
        return findByRemoteIdentities(List.of(id));
    }

    @Override
    public List<Long> findByRemoteIdentities(Collection<Identity> ids) {
        List<String> tags = new ArrayList<>();
        for (Identity id : ids) {
            tags.addAll(cipher.identityTags(id));
        }
        if (tags.isEmpty()) {
            return List.of();
        }
        // a tombstone has no identity tag (SaRecord#tombstone): the index alone finds live SAs
        Predicate<Long, SaRecord> p = Predicates.in("identityTag", tags.toArray(new String[0]));
        return List.copyOf(call(() -> map.get().keySet(p)));
    }

    /** SPIs of the live SAs {@code owner} serves, cluster-wide. */
    public List<Long> ownedBy(String owner) {
        if (owner == null || owner.isEmpty()) {
            return List.of();
        }
        return List.copyOf(call(() -> map.get().keySet(ownerIs(owner))));
    }

    /**
     * How many live SAs {@code owner} serves, cluster-wide: counted where the records are (an
     * aggregation over the owner index), not shipped as keys like {@link #ownedBy}; the member
     * directory and the metrics sampler ask every few seconds, with every SA of the member.
     */
    public int countOwnedBy(String owner) {
        if (owner == null || owner.isEmpty()) {
            return 0;
        }
        return count(ownerIs(owner));
    }

    /** Entries matching {@code p}, counted where they are (no key crosses the network). */
    private int count(Predicate<Long, SaRecord> p) {
        Long n = call(() -> map.get().aggregate(Aggregators.count(), p));
        return n == null ? 0 : n.intValue();
    }

    /**
     * SPIs of the live SAs {@code owner} serves whose partitions this member owns: after a member
     * loss, each survivor takes over exactly these (together they cover all of them once the
     * partition table is stable; {@link #checkoutForTakeover} settles any overlap).
     */
    public List<Long> localOwnedBy(String owner) {
        if (owner == null || owner.isEmpty()) {
            return List.of();
        }
        return List.copyOf(call(() -> map.get().localKeySet(ownerIs(owner))));
    }

    /** Tombstones, found through the owner index (SaRecord#tombstone has no owner). */
    private static final Predicate<Long, SaRecord> TOMBSTONES = Predicates.equal("owner", "");

    /**
     * Live SAs of {@code owner}, answered from the owner index alone: a tombstone has no owner
     * (SaRecord#tombstone), so the query needs no per-record check of {@code deleted}, which
     * would read every record of the owner (the member directory and the metrics sampler count
     * them every few seconds). No member is named "", which would select the tombstones.
     */
    private static Predicate<Long, SaRecord> ownerIs(String owner) {
        return Predicates.equal("owner", owner);
    }

    @Override
    public List<IkeSa> list(java.util.function.Predicate<IkeSa> filter, int offset, int limit) {
        Collection<Map.Entry<Long, SaRecord>> all = call(() -> map.get().entrySet(Predicates.equal("deleted", false)));
        List<IkeSa> out = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<Long, SaRecord> e : all) {
            IkeSa sa = open(e.getKey(), e.getValue());
            if (sa != null && filter.test(sa)) {
                if (skipped++ < offset) {
                    continue;
                }
                if (out.size() >= limit) {
                    break;
                }
                out.add(sa);
            }
        }
        return out;
    }

    /**
     * All entries less the tombstones, both cheap (the map's own counters and the {@code owner}
     * index: a tombstone's owner is ""), rather than a count over every record; the two reads are
     * not atomic, which a sampled gauge does not need. No index on {@code deleted}: it would cost
     * ~100 octets per SA of grid memory for a count sampled every few seconds.
     */
    @Override
    public int size() {
        IMap<Long, SaRecord> m = map.get();
        int all = call(m::size);
        int tombstones = count(TOMBSTONES);
        return Math.max(0, all - tombstones);
    }

    private IkeSa open(long spi, SaRecord r) {
        try {
            IkeSa sa = IkeSaCodec.decode(cipher.open(spi, r.blob()));
            sa.version(r.version());
            sa.owner(r.owner());
            return sa;
        } catch (UnreadableRecordException e) {
            unreadable(spi, e.keyId(), e.getMessage());
            return null;
        }
    }

    private void unreadable(long spi, int keyId, String why) {
        loud.problem("cannot open SA records", () -> String.format("IKE SA %016x sealed with cluster key %d: %s;"
                + " this member has keys %s (conflicting: %s) and will not serve or write such SAs (check cluster.keys)",
                spi, keyId, why, cipher.keyIds(), keyCheck.conflicts()));
    }

    private void requireWritableKey() {
        if (!keyCheck.currentKeyUsable()) {
            loud.problem("cluster key conflict", () -> "current cluster key " + cipher.currentKeyId()
                    + " differs from the key other members use under that id: refusing to write SA records");
            throw new UnavailableException("current cluster key " + cipher.currentKeyId() + " conflicts", null);
        }
    }

    private SaRecord seal(IkeSa sa) {
        requireWritableKey();
        long spi = sa.localSpi();
        byte[] plain = IkeSaCodec.encode(sa);
        try {
            byte[] sealed = cipher.seal(spi, plain);
            String tag = sa.remoteId() == null ? "" : cipher.identityTag(sa.remoteId());
            String owner = sa.owner() == null || sa.owner().isEmpty() ? member : sa.owner();
            return new SaRecord(cipher.currentKeyId(), sealed, 0, "", 0, 0, owner, tag, false, clock.millis());
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /** Runs a grid call; maps "cannot serve now" (quorum lost, shut down, timeout) to UnavailableException. */
    static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (SplitBrainProtectionException | HazelcastInstanceNotActiveException | OperationTimeoutException e) {
            throw new UnavailableException("SA store unavailable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SplitBrainProtectionException) {
                throw new UnavailableException("SA store unavailable: " + e.getCause().getMessage(), e);
            }
            throw e;
        }
    }
}
