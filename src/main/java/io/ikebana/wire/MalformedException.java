package io.ikebana.wire;

/** A message does not follow the wire format. Carries only a reason for counters and logs. */
public final class MalformedException extends RuntimeException {
    public MalformedException(String reason) {
        super(reason, null, false, false);
    }
}
