package io.ikebana.dos.queue;

import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.DropReason;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounded work queue served highest priority first, FIFO within one priority. When full, the
 * oldest item of the lowest priority is dropped for a more important one; an item not more
 * important than everything queued is refused. This is RFC 8019 §7.1.5's "sort them out based on
 * their priority ... serve that number of requests from the head of the sorted list", run
 * continuously. Pure Java, thread-safe (one lock; operations are O(log distinct priorities)).
 *
 * @param <T> the engine's unit of work
 */
public final class PriorityAdmission<T> {
    private final int capacity;
    private final DosMetrics metrics;
    private final TreeMap<Priority, ArrayDeque<T>> queues = new TreeMap<>();
    private int size;
    private long dropped;

    public PriorityAdmission(int capacity, DosMetrics metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.metrics = metrics;
    }

    public synchronized Offer<T> offer(Priority priority, T item) {
        if (size < capacity) {
            enqueue(priority, item);
            return new Offer<>(OfferOutcome.QUEUED, null);
        }
        Map.Entry<Priority, ArrayDeque<T>> lowest = queues.firstEntry();
        if (priority.compareTo(lowest.getKey()) <= 0) {
            countDrop();
            return new Offer<>(OfferOutcome.REJECTED, null);
        }
        T evicted = lowest.getValue().pollFirst();
        if (lowest.getValue().isEmpty()) {
            queues.remove(lowest.getKey());
        }
        size--;
        countDrop();
        enqueue(priority, item);
        return new Offer<>(OfferOutcome.QUEUED_EVICTING, evicted);
    }

    /** Highest-priority item, or null when empty. */
    public synchronized T poll() {
        Map.Entry<Priority, ArrayDeque<T>> highest = queues.lastEntry();
        if (highest == null) {
            return null;
        }
        T item = highest.getValue().pollFirst();
        if (highest.getValue().isEmpty()) {
            queues.remove(highest.getKey());
        }
        size--;
        return item;
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Items evicted or refused since creation. */
    public synchronized long dropped() {
        return dropped;
    }

    private void enqueue(Priority priority, T item) {
        queues.computeIfAbsent(priority, p -> new ArrayDeque<>()).addLast(item);
        size++;
    }

    private void countDrop() {
        dropped++;
        metrics.dropped(DropReason.QUEUE_FULL);
    }
}
