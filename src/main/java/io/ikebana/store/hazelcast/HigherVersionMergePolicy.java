package io.ikebana.store.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Split-brain heal for the SA and address-lease maps (DESIGN.md: "on heal the higher SA version
 * wins"): of the two values of one key, the one with the higher {@link Versioned#version()} stays;
 * on a tie the value already in the surviving (larger) cluster stays. A key present only on the
 * merging side is taken as it is. Deletions are tombstones with a higher version, so an SA deleted
 * (or a lease released) on the majority side while the minority kept the old copy stays deleted.
 * Since the minority side cannot write (split-brain protection), its copies are never newer than
 * the majority's; the version rule is the safety net for a protection that was configured too low.
 */
public final class HigherVersionMergePolicy<T extends MergingValue<Object>>
        implements SplitBrainMergePolicy<Object, T, Object> {

    public HigherVersionMergePolicy() {
    }

    @Override
    public Object merge(T merging, T existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        Object m = merging.getDeserializedValue();
        Object e = existing.getDeserializedValue();
        if (m instanceof Versioned mv && e instanceof Versioned ev) {
            return mv.version() > ev.version() ? merging.getRawValue() : existing.getRawValue();
        }
        return existing.getRawValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // stateless
    }

    @Override
    public void readData(ObjectDataInput in) {
        // stateless
    }
}
