package io.ikebana.wire;

/** Payload types (RFC 7296 §3.2, RFC 7383 §2.5, RFC 8019 §8.2). */
public enum PayloadType {
    NONE(0),
    SA(33),
    KE(34),
    IDI(35),
    IDR(36),
    CERT(37),
    CERTREQ(38),
    AUTH(39),
    NONCE(40),
    NOTIFY(41),
    DELETE(42),
    VENDOR(43),
    TSI(44),
    TSR(45),
    SK(46),
    CP(47),
    EAP(48),
    SKF(53),
    PS(54),
    UNKNOWN(-1);

    private static final PayloadType[] BY_CODE = new PayloadType[256];

    static {
        for (PayloadType t : values()) {
            if (t.code >= 0) {
                BY_CODE[t.code] = t;
            }
        }
    }

    private final int code;

    PayloadType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static PayloadType of(int code) {
        PayloadType t = code >= 0 && code < 256 ? BY_CODE[code] : null;
        return t == null ? UNKNOWN : t;
    }
}
