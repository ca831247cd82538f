package io.ikebana.wire;

/** IKEv2 exchange types (RFC 7296 §3.1). Unknown values map to {@link #UNKNOWN}, never an exception. */
public enum ExchangeType {
    IKE_SA_INIT(34),
    IKE_AUTH(35),
    CREATE_CHILD_SA(36),
    INFORMATIONAL(37),
    UNKNOWN(-1);

    private final int code;

    ExchangeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ExchangeType of(int code) {
        switch (code) {
            case 34: return IKE_SA_INIT;
            case 35: return IKE_AUTH;
            case 36: return CREATE_CHILD_SA;
            case 37: return INFORMATIONAL;
            default: return UNKNOWN;
        }
    }
}
