package io.ikebana.ike;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's Child SAs by inbound SPI, with the IKE SA (local SPI) that owns each, and the
 * reverse: the Child SAs of one IKE SA. The reverse index keeps a move's release of an IKE SA
 * O(its Child SAs) instead of a scan of every Child SA of the node (a rebalance of n SAs was
 * O(n²) on the member giving them away). Look-ups are lock-free; changes take the monitor so that
 * both maps agree.
 */
final class ChildOwners {
    private final Map<Integer, Long> owner = new ConcurrentHashMap<>();
    private final Map<Long, Set<Integer>> children = new ConcurrentHashMap<>();

    /** The IKE SA of a Child SA, or null. */
    Long get(int inboundSpi) {
        return owner.get(inboundSpi);
    }

    boolean contains(int inboundSpi) {
        return owner.containsKey(inboundSpi);
    }

    synchronized void put(int inboundSpi, long ikeSpi) {
        Long before = owner.put(inboundSpi, ikeSpi);
        if (before != null && before != ikeSpi) {
            unlink(inboundSpi, before);
        }
        children.computeIfAbsent(ikeSpi, k -> new HashSet<>()).add(inboundSpi);
    }

    synchronized void remove(int inboundSpi) {
        Long before = owner.remove(inboundSpi);
        if (before != null) {
            unlink(inboundSpi, before);
        }
    }

    /** Removes the Child SA only while {@code ikeSpi} still owns it. */
    synchronized boolean remove(int inboundSpi, long ikeSpi) {
        if (!owner.remove(inboundSpi, ikeSpi)) {
            return false;
        }
        unlink(inboundSpi, ikeSpi);
        return true;
    }

    /** The inbound SPIs of the Child SAs that {@code ikeSpi} owns on this node (a copy). */
    synchronized List<Integer> of(long ikeSpi) {
        Set<Integer> s = children.get(ikeSpi);
        return s == null ? List.of() : List.copyOf(s);
    }

    int size() {
        return owner.size();
    }

    private void unlink(int inboundSpi, long ikeSpi) {
        Set<Integer> s = children.get(ikeSpi);
        if (s != null) {
            s.remove(inboundSpi);
            if (s.isEmpty()) {
                children.remove(ikeSpi);
            }
        }
    }
}
