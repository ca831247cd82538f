package io.ikebana.esp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A hash table keyed by a 128-bit key (two longs: an SPI, or an address) for the packet path:
 * {@link #get} is lock-free, allocation-free and never blocks; writers (control plane only)
 * serialize on this object's monitor and replace whole bucket chains of immutable nodes, so a
 * reader always sees a consistent chain. A reader racing a write sees the table just before or
 * just after it.
 */
final class KeyedTable<V> {

    private static final class Node<V> {
        final long high;
        final long low;
        final V value;
        final Node<V> next;

        Node(long high, long low, V value, Node<V> next) {
            this.high = high;
            this.low = low;
            this.value = value;
            this.next = next;
        }
    }

    private volatile AtomicReferenceArray<Node<V>> buckets = new AtomicReferenceArray<>(64);
    private int size;

    V get(long high, long low) {
        AtomicReferenceArray<Node<V>> b = buckets;
        for (Node<V> n = b.get(index(high, low, b.length())); n != null; n = n.next) {
            if (n.low == low && n.high == high) {
                return n.value;
            }
        }
        return null;
    }

    /** Puts or replaces; returns the previous value. */
    synchronized V put(long high, long low, V value) {
        V previous = remove(high, low);
        AtomicReferenceArray<Node<V>> b = buckets;
        if (size + 1 > b.length() * 3 / 4) {
            b = resized(b.length() * 2);
            buckets = b;
        }
        int i = index(high, low, b.length());
        b.set(i, new Node<>(high, low, value, b.get(i)));
        size++;
        return previous;
    }

    synchronized V remove(long high, long low) {
        AtomicReferenceArray<Node<V>> b = buckets;
        int i = index(high, low, b.length());
        Node<V> head = b.get(i);
        V found = null;
        Node<V> rebuilt = null;
        for (Node<V> n = head; n != null; n = n.next) {
            if (n.low == low && n.high == high) {
                found = n.value;
            } else {
                rebuilt = new Node<>(n.high, n.low, n.value, rebuilt);
            }
        }
        if (found != null) {
            b.set(i, rebuilt);
            size--;
        }
        return found;
    }

    synchronized List<V> values() {
        List<V> out = new ArrayList<>(size);
        AtomicReferenceArray<Node<V>> b = buckets;
        for (int i = 0; i < b.length(); i++) {
            for (Node<V> n = b.get(i); n != null; n = n.next) {
                out.add(n.value);
            }
        }
        return out;
    }

    synchronized int size() {
        return size;
    }

    private AtomicReferenceArray<Node<V>> resized(int capacity) {
        AtomicReferenceArray<Node<V>> old = buckets;
        AtomicReferenceArray<Node<V>> grown = new AtomicReferenceArray<>(capacity);
        for (int i = 0; i < old.length(); i++) {
            for (Node<V> n = old.get(i); n != null; n = n.next) {
                int j = index(n.high, n.low, capacity);
                grown.set(j, new Node<>(n.high, n.low, n.value, grown.get(j)));
            }
        }
        return grown;
    }

    /** MurmurHash3 fmix64 over both halves: sequential addresses and SPIs spread evenly. */
    private static int index(long high, long low, int capacity) {
        long h = low * 0x9E3779B97F4A7C15L ^ high;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & (capacity - 1);
    }
}
