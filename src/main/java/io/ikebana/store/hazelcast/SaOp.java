package io.ikebana.store.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every change of an SA record, as one entry processor run on the key's partition owner (and
 * replayed on the backup, so it must be deterministic: the time, the token and the new record
 * come from the caller). One class with an operation code keeps the Compact schema and the
 * serializer in one place. Compact type {@value #TYPE}.
 *
 * <ul>
 *   <li>CREATE: put if absent (a tombstone counts as absent); the new record's version follows the tombstone's.</li>
 *   <li>CHECKOUT: grant a lease to {@code member/token} if the record is not leased or its lease
 *       expired; Busy otherwise. Records under a key id the caller lacks are not leased (Unreadable).</li>
 *   <li>TAKEOVER: as CHECKOUT, but only while the owner is {@code dead}, ignoring a lease {@code dead}
 *       holds; makes the caller the owner (version + 1), so exactly one survivor gets it.</li>
 *   <li>CHECKIN: write the new sealed record only if the lease token and the version still match;
 *       bump the version; end the lease. A lease that expired but was not taken by anyone still
 *       holds (nobody else wrote in between).</li>
 *   <li>RELEASE: end the lease if the token matches; nothing else changes.</li>
 *   <li>DESTROY: as CHECKIN, but leaves a tombstone (version + 1) that expires after {@code ttl}.</li>
 * </ul>
 */
public final class SaOp implements EntryProcessor<Long, SaRecord, SaOp.Result> {
    public static final String TYPE = "ikebana.SaOp";
    public static final String RESULT_TYPE = "ikebana.SaOpResult";

    public enum Kind { CREATE, CHECKOUT, TAKEOVER, CHECKIN, RELEASE, DESTROY }

    public enum Status { OK, NOT_FOUND, BUSY, EXISTS, LOST, UNREADABLE, NOT_OWNED }

    /** The outcome and, for OK checkouts, the record as it is now. */
    public record Result(Status status, SaRecord record) {
    }

    private final Kind kind;
    private final String member;
    private final long token;
    private final long now;
    private final long millis;
    private final long version;
    private final String dead;
    private final int[] readableKeys;
    private final SaRecord record;

    SaOp(Kind kind, String member, long token, long now, long millis, long version, String dead, int[] readableKeys,
            SaRecord record) {
        this.kind = kind;
        this.member = member == null ? "" : member;
        this.token = token;
        this.now = now;
        this.millis = millis;
        this.version = version;
        this.dead = dead == null ? "" : dead;
        this.readableKeys = readableKeys == null ? new int[0] : readableKeys;
        this.record = record;
    }

    static SaOp create(SaRecord record) {
        return new SaOp(Kind.CREATE, record.owner(), 0, record.updatedMillis(), 0, 0, null, null, record);
    }

    static SaOp checkout(String member, long token, long now, long leaseMillis, int[] keys) {
        return new SaOp(Kind.CHECKOUT, member, token, now, leaseMillis, 0, null, keys, null);
    }

    static SaOp takeover(String member, long token, long now, long leaseMillis, int[] keys, String dead) {
        return new SaOp(Kind.TAKEOVER, member, token, now, leaseMillis, 0, dead, keys, null);
    }

    static SaOp checkin(String member, long token, long version, SaRecord record) {
        return new SaOp(Kind.CHECKIN, member, token, record.updatedMillis(), 0, version, null, null, record);
    }

    static SaOp release(String member, long token) {
        return new SaOp(Kind.RELEASE, member, token, 0, 0, 0, null, null, null);
    }

    static SaOp destroy(String member, long token, long version, long now, long tombstoneMillis) {
        return new SaOp(Kind.DESTROY, member, token, now, tombstoneMillis, version, null, null, null);
    }

    @Override
    public Result process(Map.Entry<Long, SaRecord> entry) {
        SaRecord cur = entry.getValue();
        boolean live = cur != null && !cur.deleted();
        switch (kind) {
            case CREATE:
                if (live) {
                    return new Result(Status.EXISTS, null);
                }
                long v = cur == null ? 1 : cur.version() + 1;
                set(entry, new SaRecord(record.keyId(), record.blob(), v, "", 0, 0, record.owner(),
                        record.identityTag(), false, now), 0);
                return new Result(Status.OK, null);
            case CHECKOUT:
            case TAKEOVER:
                if (!live) {
                    return new Result(Status.NOT_FOUND, null);
                }
                if (!readable(cur.keyId())) {
                    return new Result(Status.UNREADABLE, cur.withLease("", 0, 0));
                }
                SaRecord next = cur;
                if (kind == Kind.TAKEOVER) {
                    if (!cur.owner().equals(dead)) {
                        return new Result(Status.NOT_OWNED, null);
                    }
                    if (cur.leasedAt(now) && !cur.leaseHolder().equals(dead)) {
                        return new Result(Status.BUSY, null);
                    }
                    next = cur.withOwner(member, cur.version() + 1);
                } else if (cur.leasedAt(now)) {
                    return new Result(Status.BUSY, null);
                }
                next = next.withLease(member, token, now + millis);
                set(entry, next, -1);
                return new Result(Status.OK, next);
            case CHECKIN:
                if (!live || !cur.heldBy(member, token) || cur.version() != version) {
                    return new Result(Status.LOST, null);
                }
                set(entry, new SaRecord(record.keyId(), record.blob(), cur.version() + 1, "", 0, 0, record.owner(),
                        record.identityTag(), false, now), -1);
                return new Result(Status.OK, null);
            case RELEASE:
                if (!live || !cur.heldBy(member, token)) {
                    return new Result(Status.LOST, null);
                }
                set(entry, cur.withoutLease(), -1);
                return new Result(Status.OK, null);
            case DESTROY:
                if (!live || !cur.heldBy(member, token) || cur.version() != version) {
                    return new Result(Status.LOST, null);
                }
                set(entry, cur.tombstone(now), millis);
                return new Result(Status.OK, null);
            default:
                throw new IllegalStateException("unknown operation " + kind);
        }
    }

    /** ttl: -1 keeps the entry's expiry, 0 none, else milliseconds. */
    private static void set(Map.Entry<Long, SaRecord> entry, SaRecord value, long ttl) {
        if (ttl < 0 || !(entry instanceof ExtendedMapEntry)) {
            if (entry instanceof ExtendedMapEntry<Long, SaRecord> x) {
                x.setValueWithoutChangingExpiryTime(value);
            } else {
                entry.setValue(value);
            }
        } else {
            ((ExtendedMapEntry<Long, SaRecord>) entry).setValue(value, ttl == 0 ? Long.MAX_VALUE : ttl,
                    TimeUnit.MILLISECONDS);
        }
    }

    private boolean readable(int keyId) {
        for (int k : readableKeys) {
            if (k == keyId) {
                return true;
            }
        }
        return false;
    }

    public static final class Serializer implements CompactSerializer<SaOp> {
        @Override
        public SaOp read(CompactReader r) {
            return new SaOp(Kind.valueOf(r.readString("kind")), r.readString("member"), r.readInt64("token"),
                    r.readInt64("now"), r.readInt64("millis"), r.readInt64("version"), r.readString("dead"),
                    r.readArrayOfInt32("readableKeys"), r.readCompact("record"));
        }

        @Override
        public void write(CompactWriter w, SaOp o) {
            w.writeString("kind", o.kind.name());
            w.writeString("member", o.member);
            w.writeInt64("token", o.token);
            w.writeInt64("now", o.now);
            w.writeInt64("millis", o.millis);
            w.writeInt64("version", o.version);
            w.writeString("dead", o.dead);
            w.writeArrayOfInt32("readableKeys", o.readableKeys);
            w.writeCompact("record", o.record);
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public Class<SaOp> getCompactClass() {
            return SaOp.class;
        }
    }

    public static final class ResultSerializer implements CompactSerializer<Result> {
        @Override
        public Result read(CompactReader r) {
            return new Result(Status.valueOf(r.readString("status")), r.readCompact("record"));
        }

        @Override
        public void write(CompactWriter w, Result o) {
            w.writeString("status", o.status().name());
            w.writeCompact("record", o.record());
        }

        @Override
        public String getTypeName() {
            return RESULT_TYPE;
        }

        @Override
        public Class<Result> getCompactClass() {
            return Result.class;
        }
    }
}
