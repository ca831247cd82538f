package io.ikebana.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * Notify message types (RFC 7296 §3.10.1 and the extension RFCs). Types below 16384 are errors,
 * the others status notifications. Unknown values map to {@link #UNKNOWN}.
 */
public enum NotifyType {
    UNSUPPORTED_CRITICAL_PAYLOAD(1),
    INVALID_IKE_SPI(4),
    INVALID_MAJOR_VERSION(5),
    INVALID_SYNTAX(7),
    INVALID_MESSAGE_ID(9),
    INVALID_SPI(11),
    NO_PROPOSAL_CHOSEN(14),
    INVALID_KE_PAYLOAD(17),
    AUTHENTICATION_FAILED(24),
    SINGLE_PAIR_REQUIRED(34),
    NO_ADDITIONAL_SAS(35),
    INTERNAL_ADDRESS_FAILURE(36),
    FAILED_CP_REQUIRED(37),
    TS_UNACCEPTABLE(38),
    INVALID_SELECTORS(39),
    UNACCEPTABLE_ADDRESSES(40),
    UNEXPECTED_NAT_DETECTED(41),
    TEMPORARY_FAILURE(43),
    CHILD_SA_NOT_FOUND(44),

    INITIAL_CONTACT(16384),
    SET_WINDOW_SIZE(16385),
    ADDITIONAL_TS_POSSIBLE(16386),
    IPCOMP_SUPPORTED(16387),
    NAT_DETECTION_SOURCE_IP(16388),
    NAT_DETECTION_DESTINATION_IP(16389),
    COOKIE(16390),
    USE_TRANSPORT_MODE(16391),
    HTTP_CERT_LOOKUP_SUPPORTED(16392),
    REKEY_SA(16393),
    ESP_TFC_PADDING_NOT_SUPPORTED(16394),
    NON_FIRST_FRAGMENTS_ALSO(16395),
    MOBIKE_SUPPORTED(16396),
    ADDITIONAL_IP4_ADDRESS(16397),
    ADDITIONAL_IP6_ADDRESS(16398),
    NO_ADDITIONAL_ADDRESSES(16399),
    UPDATE_SA_ADDRESSES(16400),
    COOKIE2(16401),
    NO_NATS_ALLOWED(16402),
    AUTH_LIFETIME(16403),
    MULTIPLE_AUTH_SUPPORTED(16404),
    ANOTHER_AUTH_FOLLOWS(16405),
    REDIRECT_SUPPORTED(16406),
    REDIRECT(16407),
    REDIRECTED_FROM(16408),
    EAP_ONLY_AUTHENTICATION(16417),
    CHILDLESS_IKEV2_SUPPORTED(16418),
    IKEV2_MESSAGE_ID_SYNC_SUPPORTED(16420),
    IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED(16421),
    IKEV2_MESSAGE_ID_SYNC(16422),
    IPSEC_REPLAY_COUNTER_SYNC(16423),
    IKEV2_FRAGMENTATION_SUPPORTED(16430),
    SIGNATURE_HASH_ALGORITHMS(16431),
    CLONE_IKE_SA_SUPPORTED(16432),
    CLONE_IKE_SA(16433),
    PUZZLE(16434),
    UNKNOWN(-1);

    private static final Map<Integer, NotifyType> BY_CODE = new HashMap<>();

    static {
        for (NotifyType t : values()) {
            BY_CODE.put(t.code, t);
        }
    }

    private final int code;

    NotifyType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Error types are 0..16383 (RFC 7296 §3.10.1). */
    public static boolean isError(int code) {
        return code >= 0 && code < 16384;
    }

    public static NotifyType of(int code) {
        return BY_CODE.getOrDefault(code, UNKNOWN);
    }
}
