package io.ikebana.store.hazelcast;

/**
 * A grid value with a version that grows with every write; on split-brain heal the higher version
 * wins ({@link HigherVersionMergePolicy}). Deletions stay as tombstones (a higher version with
 * {@link #deleted()} set) for a while, so a deleted record does not come back from the other side.
 */
public interface Versioned {
    long version();

    boolean deleted();
}
