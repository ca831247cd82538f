package io.ikebana.ike;

import io.ikebana.crypto.Jca;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/** NAT_DETECTION_*_IP hashes (RFC 7296 §2.23): SHA-1(SPIi | SPIr | IP | port). */
public final class NatDetection {

    /** One SHA-1 per thread: four hashes per IKE_SA_INIT, a provider look-up each otherwise. */
    private static final ThreadLocal<MessageDigest> SHA1 = Jca.digestPerThread("SHA-1");

    private NatDetection() {
    }

    public static byte[] hash(long spiI, long spiR, InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length + 2);
        b.putLong(spiI).putLong(spiR).put(ip).putShort((short) a.getPort());
        return SHA1.get().digest(b.array());
    }
}
