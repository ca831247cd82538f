package io.ikebana.store.hazelcast;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * One IKE SA in the grid: the sealed record ({@link RecordCipher}) and, in clear, only what the
 * entry processors and queries need: the version (fence and merge order), the lease (holder
 * member, token, expiry), the owner member, and an HMAC tag of the remote identity. A deleted SA
 * stays as a tombstone ({@code deleted}, no blob) for a while. Compact type {@value #TYPE}.
 */
public record SaRecord(int keyId, byte[] blob, long version, String leaseHolder, long leaseToken, long leaseExpiry,
        String owner, String identityTag, boolean deleted, long updatedMillis) implements Versioned {

    public static final String TYPE = "ikebana.SaRecord";

    public SaRecord {
        leaseHolder = leaseHolder == null ? "" : leaseHolder;
        owner = owner == null ? "" : owner;
        identityTag = identityTag == null ? "" : identityTag;
    }

    public boolean leasedAt(long now) {
        return !leaseHolder.isEmpty() && leaseExpiry > now;
    }

    public boolean heldBy(String member, long token) {
        return leaseHolder.equals(member) && leaseToken == token;
    }

    SaRecord withLease(String holder, long token, long expiry) {
        return new SaRecord(keyId, blob, version, holder, token, expiry, owner, identityTag, deleted, updatedMillis);
    }

    SaRecord withoutLease() {
        return withLease("", 0, 0);
    }

    SaRecord withOwner(String newOwner, long newVersion) {
        return new SaRecord(keyId, blob, newVersion, leaseHolder, leaseToken, leaseExpiry, newOwner, identityTag,
                deleted, updatedMillis);
    }

    SaRecord tombstone(long now) {
        return new SaRecord(0, null, version + 1, "", 0, 0, "", "", true, now);
    }

    @Override
    public String toString() {
        return "SaRecord[key " + keyId + ", v" + version + ", owner " + owner + (deleted ? ", deleted" : "")
                + (leaseHolder.isEmpty() ? "" : ", leased by " + leaseHolder) + "]";
    }

    /** Compact serializer; field names are part of the stored format (and of the indexes). */
    public static final class Serializer implements CompactSerializer<SaRecord> {
        @Override
        public SaRecord read(CompactReader r) {
            return new SaRecord(r.readInt32("keyId"), r.readArrayOfInt8("blob"), r.readInt64("version"),
                    r.readString("leaseHolder"), r.readInt64("leaseToken"), r.readInt64("leaseExpiry"),
                    r.readString("owner"), r.readString("identityTag"), r.readBoolean("deleted"),
                    r.readInt64("updatedMillis"));
        }

        @Override
        public void write(CompactWriter w, SaRecord s) {
            w.writeInt32("keyId", s.keyId);
            w.writeArrayOfInt8("blob", s.blob);
            w.writeInt64("version", s.version);
            w.writeString("leaseHolder", s.leaseHolder);
            w.writeInt64("leaseToken", s.leaseToken);
            w.writeInt64("leaseExpiry", s.leaseExpiry);
            w.writeString("owner", s.owner);
            w.writeString("identityTag", s.identityTag);
            w.writeBoolean("deleted", s.deleted);
            w.writeInt64("updatedMillis", s.updatedMillis);
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public Class<SaRecord> getCompactClass() {
            return SaRecord.class;
        }
    }
}
