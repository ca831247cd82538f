package io.ikebana.store.hazelcast;

import com.hazelcast.map.IMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Detects a cluster key whose bytes differ between members: each member publishes the key check
 * value of each of its keys (an HMAC of a constant, {@link RecordCipher#checkValues()}) into a
 * small map with put-if-absent; a key whose published value differs from ours is in conflict. The
 * first member to publish a key id defines it. A member with a conflicting current key must not
 * write SAs (the others could not read them).
 */
public final class KeyCheck {
    public static final String MAP = "ikebana-key-check";

    private final IMap<Integer, String> published;
    private final RecordCipher cipher;
    private volatile Set<Integer> conflicts = Set.of();

    public KeyCheck(IMap<Integer, String> published, RecordCipher cipher) {
        this.published = published;
        this.cipher = cipher;
    }

    /** Publishes our check values and recomputes the conflicts; returns them. */
    public Set<Integer> refresh() {
        Set<Integer> bad = new TreeSet<>();
        for (Map.Entry<Integer, String> e : cipher.checkValues().entrySet()) {
            String theirs = published.putIfAbsent(e.getKey(), e.getValue());
            if (theirs != null && !theirs.equals(e.getValue())) {
                bad.add(e.getKey());
            }
        }
        conflicts = Set.copyOf(bad);
        return conflicts;
    }

    public Set<Integer> conflicts() {
        return conflicts;
    }

    public boolean currentKeyUsable() {
        return !conflicts.contains(cipher.currentKeyId());
    }

    /** The key ids this member can read records of: configured and not in conflict. */
    public int[] readableKeys() {
        Set<Integer> c = conflicts;
        return cipher.keyIds().stream().filter(k -> !c.contains(k)).mapToInt(Integer::intValue).toArray();
    }
}
