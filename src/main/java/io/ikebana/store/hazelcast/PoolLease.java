package io.ikebana.store.hazelcast;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * One virtual IP lease in the grid, keyed {@code pool/address}. A released lease stays as a
 * tombstone (for split-brain merges) and counts as free. Compact type {@value #TYPE}.
 */
public record PoolLease(String pool, String address, String owner, long version, boolean deleted, long updatedMillis)
        implements Versioned {

    public static final String TYPE = "ikebana.PoolLease";

    public static String key(String pool, String address) {
        return pool + "/" + address;
    }

    public boolean live() {
        return !deleted;
    }

    public static final class Serializer implements CompactSerializer<PoolLease> {
        @Override
        public PoolLease read(CompactReader r) {
            return new PoolLease(r.readString("pool"), r.readString("address"), r.readString("owner"),
                    r.readInt64("version"), r.readBoolean("deleted"), r.readInt64("updatedMillis"));
        }

        @Override
        public void write(CompactWriter w, PoolLease l) {
            w.writeString("pool", l.pool);
            w.writeString("address", l.address);
            w.writeString("owner", l.owner);
            w.writeInt64("version", l.version);
            w.writeBoolean("deleted", l.deleted);
            w.writeInt64("updatedMillis", l.updatedMillis);
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public Class<PoolLease> getCompactClass() {
            return PoolLease.class;
        }
    }
}
