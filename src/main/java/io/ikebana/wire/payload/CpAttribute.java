package io.ikebana.wire.payload;

/** A configuration attribute (RFC 7296 §3.15.1). */
public record CpAttribute(int type, byte[] value) {
    public static final int INTERNAL_IP4_ADDRESS = 1;
    public static final int INTERNAL_IP4_NETMASK = 2;
    public static final int INTERNAL_IP4_DNS = 3;
    public static final int INTERNAL_IP6_ADDRESS = 8;
    public static final int INTERNAL_IP6_DNS = 10;
    public static final int INTERNAL_IP4_SUBNET = 13;
    public static final int SUPPORTED_ATTRIBUTES = 14;
    public static final int INTERNAL_IP6_SUBNET = 15;
}
