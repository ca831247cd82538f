package io.ikebana.store.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lease, release and transfer of one address, atomically on the key's partition owner (and
 * replayed on the backup: deterministic, the time comes from the caller). Returns true on success.
 * Compact type {@value #TYPE}.
 */
public final class PoolOp implements EntryProcessor<String, PoolLease, Boolean> {
    public static final String TYPE = "ikebana.PoolOp";

    public enum Kind { LEASE, RELEASE, TRANSFER }

    private final Kind kind;
    private final String pool;
    private final String address;
    private final String owner;
    private final String to;
    private final long now;
    private final long ttlMillis;

    PoolOp(Kind kind, String pool, String address, String owner, String to, long now, long ttlMillis) {
        this.kind = kind;
        this.pool = pool;
        this.address = address;
        this.owner = owner;
        this.to = to == null ? "" : to;
        this.now = now;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Boolean process(Map.Entry<String, PoolLease> entry) {
        PoolLease cur = entry.getValue();
        boolean live = cur != null && cur.live();
        long v = cur == null ? 1 : cur.version() + 1;
        switch (kind) {
            case LEASE:
                if (live) {
                    return cur.owner().equals(owner);
                }
                put(entry, new PoolLease(pool, address, owner, v, false, now), cur != null);
                return true;
            case RELEASE:
                if (!live || !cur.owner().equals(owner)) {
                    return false;
                }
                ((ExtendedMapEntry<String, PoolLease>) entry).setValue(new PoolLease(pool, address, "", v, true, now),
                        ttlMillis, TimeUnit.MILLISECONDS);
                return true;
            case TRANSFER:
                if (!live || !cur.owner().equals(owner)) {
                    return false;
                }
                put(entry, new PoolLease(pool, address, to, v, false, now), false);
                return true;
            default:
                throw new IllegalStateException("unknown " + kind);
        }
    }

    /** A lease over a tombstone must drop the tombstone's expiry. */
    private static void put(Map.Entry<String, PoolLease> entry, PoolLease value, boolean clearTtl) {
        if (clearTtl) {
            ((ExtendedMapEntry<String, PoolLease>) entry).setValue(value, Long.MAX_VALUE, TimeUnit.MILLISECONDS);
        } else {
            entry.setValue(value);
        }
    }

    public static final class Serializer implements CompactSerializer<PoolOp> {
        @Override
        public PoolOp read(CompactReader r) {
            return new PoolOp(Kind.valueOf(r.readString("kind")), r.readString("pool"), r.readString("address"),
                    r.readString("owner"), r.readString("to"), r.readInt64("now"), r.readInt64("ttlMillis"));
        }

        @Override
        public void write(CompactWriter w, PoolOp o) {
            w.writeString("kind", o.kind.name());
            w.writeString("pool", o.pool);
            w.writeString("address", o.address);
            w.writeString("owner", o.owner);
            w.writeString("to", o.to);
            w.writeInt64("now", o.now);
            w.writeInt64("ttlMillis", o.ttlMillis);
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public Class<PoolOp> getCompactClass() {
            return PoolOp.class;
        }
    }
}
