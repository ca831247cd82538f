package io.ikebana.dos.queue;

/** What happened to an item offered to a full or non-full {@link PriorityAdmission}. */
public enum OfferOutcome {
    /** Queued; nothing was dropped. */
    QUEUED,
    /** Queued; the oldest item of the lowest priority was dropped to make room. */
    QUEUED_EVICTING,
    /** Not queued: the queue is full of work at least as important. */
    REJECTED
}
