package io.ikebana.dos.queue;

/**
 * Result of {@link PriorityAdmission#offer}.
 *
 * @param outcome what happened
 * @param evicted the item dropped to make room (only for {@link OfferOutcome#QUEUED_EVICTING}),
 *                so the caller can release what it holds
 */
public record Offer<T>(OfferOutcome outcome, T evicted) {

    public boolean queued() {
        return outcome != OfferOutcome.REJECTED;
    }
}
