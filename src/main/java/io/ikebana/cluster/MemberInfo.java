package io.ikebana.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.List;

/**
 * What a member tells the others about itself: its name, the public addresses clients reach its
 * IKE service on ({@code host:port}), how many IKE SAs it owns, its process CPU load (0..1, -1
 * unknown) and when it said so. Compact type {@value #TYPE}.
 */
public record MemberInfo(String name, List<String> ikeAddresses, int saCount, double load, long updatedMillis) {
    public static final String TYPE = "ikebana.MemberInfo";

    public MemberInfo {
        ikeAddresses = List.copyOf(ikeAddresses);
    }

    public static final class Serializer implements CompactSerializer<MemberInfo> {
        @Override
        public MemberInfo read(CompactReader r) {
            String[] a = r.readArrayOfString("ikeAddresses");
            return new MemberInfo(r.readString("name"), a == null ? List.of() : List.of(a), r.readInt32("saCount"),
                    r.readFloat64("load"), r.readInt64("updatedMillis"));
        }

        @Override
        public void write(CompactWriter w, MemberInfo m) {
            w.writeString("name", m.name);
            w.writeArrayOfString("ikeAddresses", m.ikeAddresses.toArray(new String[0]));
            w.writeInt32("saCount", m.saCount);
            w.writeFloat64("load", m.load);
            w.writeInt64("updatedMillis", m.updatedMillis);
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public Class<MemberInfo> getCompactClass() {
            return MemberInfo.class;
        }
    }
}
