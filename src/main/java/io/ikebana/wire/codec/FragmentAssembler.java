package io.ikebana.wire.codec;

import io.ikebana.wire.payload.Payload;
import java.util.List;

/**
 * Reassembly of SKF fragments of one message at a time (RFC 7383 §2.6). Fragments are stored
 * only after their ICV verified. Bounded: at most {@code maxFragments} fragments and
 * {@code maxBytes} decrypted octets per message, beyond which the message is dropped.
 */
public final class FragmentAssembler {

    public enum Admission { ACCEPT, DUPLICATE, STALE }

    public record Complete(byte[] content, int firstInner, List<Payload> clearPayloads, byte[] firstRaw) {
    }

    private final int maxFragments;
    private final int maxBytes;
    private long messageId = -1;
    private int total;
    private byte[][] parts;
    private int received;
    private int bytes;
    private int firstInner;
    private List<Payload> clear = List.of();
    private byte[] firstRaw;
    private boolean overLimit;

    public FragmentAssembler(int maxFragments, int maxBytes) {
        this.maxFragments = maxFragments;
        this.maxBytes = maxBytes;
    }

    /** Decides before decryption whether a fragment is worth authenticating. */
    public Admission admit(long mid, int number, int totalFragments) {
        if (totalFragments > maxFragments) {
            return Admission.STALE;
        }
        if (mid == messageId) {
            // RFC 7383 §2.6: a smaller total than the stored one belongs to an older set
            if (totalFragments < total) {
                return Admission.STALE;
            }
            if (totalFragments == total && parts[number - 1] != null) {
                return Admission.DUPLICATE;
            }
        }
        return Admission.ACCEPT;
    }

    /** Adds an authenticated fragment; returns the whole content once all fragments are here. */
    public Complete add(long mid, int number, int totalFragments, int nextPayload, byte[] content,
            List<Payload> clearPayloads, byte[] raw) {
        overLimit = false;
        if (mid != messageId || totalFragments > total) {
            // a new message, or a new set with a larger total (RFC 7383 §2.6 step 4)
            messageId = mid;
            total = totalFragments;
            parts = new byte[totalFragments][];
            received = 0;
            bytes = 0;
            clear = List.of();
            firstRaw = null;
        }
        if (parts[number - 1] != null) {
            return null;
        }
        bytes += content.length;
        if (bytes > maxBytes) {
            reset();
            overLimit = true;
            return null;
        }
        parts[number - 1] = content;
        received++;
        if (number == 1) {
            firstInner = nextPayload;
            clear = clearPayloads;
            firstRaw = raw.clone();
        }
        if (received < total) {
            return null;
        }
        byte[] all = new byte[bytes];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, pos, p.length);
            pos += p.length;
        }
        Complete c = new Complete(all, firstInner, clear, firstRaw);
        reset();
        messageId = mid;
        return c;
    }

    public boolean overLimit() {
        return overLimit;
    }

    public void reset() {
        messageId = -1;
        total = 0;
        parts = null;
        received = 0;
        bytes = 0;
        clear = List.of();
        firstRaw = null;
    }
}
