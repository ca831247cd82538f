package io.ikebana.cluster;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a member tells the others about itself: its name, the public addresses clients reach its
 * IKE service on ({@code host:port}), how many IKE SAs it owns, how many clients are arriving (their
 * IKE_SA_INIT is queued or half open: they will own an SA there in a moment), how many clients each
 * other member redirected here so far (RFC 5685 REDIRECTED_FROM, by member name, cumulative since it
 * started), its process CPU load (0..1, -1 unknown) and when it said so. Compact type
 * {@value #TYPE}; an entry from a member that predates {@code arriving} and {@code redirectedIn}
 * reads as 0 and empty.
 */
public record MemberInfo(String name, List<String> ikeAddresses, int saCount, int arriving,
        Map<String, Long> redirectedIn, double load, long updatedMillis) {
    public static final String TYPE = "ikebana.MemberInfo";

    public MemberInfo {
        ikeAddresses = List.copyOf(ikeAddresses);
        redirectedIn = Map.copyOf(redirectedIn);
    }

    public MemberInfo(String name, List<String> ikeAddresses, int saCount, double load, long updatedMillis) {
        this(name, ikeAddresses, saCount, 0, Map.of(), load, updatedMillis);
    }

    public static final class Serializer implements CompactSerializer<MemberInfo> {
        @Override
        public MemberInfo read(CompactReader r) {
            String[] a = r.readArrayOfString("ikeAddresses");
            int arriving = r.getFieldKind("arriving") == FieldKind.INT32 ? r.readInt32("arriving") : 0;
            Map<String, Long> in = new HashMap<>();
            if (r.getFieldKind("redirectedInFrom") == FieldKind.ARRAY_OF_STRING
                    && r.getFieldKind("redirectedInCount") == FieldKind.ARRAY_OF_INT64) {
                String[] from = r.readArrayOfString("redirectedInFrom");
                long[] count = r.readArrayOfInt64("redirectedInCount");
                for (int i = 0; from != null && count != null && i < Math.min(from.length, count.length); i++) {
                    if (from[i] != null) {
                        in.put(from[i], count[i]);
                    }
                }
            }
            return new MemberInfo(r.readString("name"), a == null ? List.of() : List.of(a), r.readInt32("saCount"),
                    arriving, in, r.readFloat64("load"), r.readInt64("updatedMillis"));
        }

        @Override
        public void write(CompactWriter w, MemberInfo m) {
            w.writeString("name", m.name);
            w.writeArrayOfString("ikeAddresses", m.ikeAddresses.toArray(new String[0]));
            w.writeInt32("saCount", m.saCount);
            w.writeInt32("arriving", m.arriving);
            String[] from = m.redirectedIn.keySet().toArray(new String[0]);
            long[] count = new long[from.length];
            for (int i = 0; i < from.length; i++) {
                count[i] = m.redirectedIn.get(from[i]);
            }
            w.writeArrayOfString("redirectedInFrom", from);
            w.writeArrayOfInt64("redirectedInCount", count);
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
