package io.ikebana.bench;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.KeyExchange;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The responder's half of an x25519 exchange (RFC 8031) per IKE_SA_INIT: a fresh key pair, our
 * public value as 32 octets, and the shared secret from the peer's 32 octets. Three ways:
 * {@code ours} is what the engine runs ({@link DhGroup#generate} and
 * {@link KeyExchange#sharedSecret}: Bouncy Castle's key pair, OpenSSL's shared secret when
 * libcrypto.so.3 is there); {@code bc} is Bouncy Castle's {@code X25519} directly;
 * {@code jdk} is the JDK's own XDH (SunEC: {@code KeyPairGenerator "X25519"} and
 * {@code KeyAgreement "XDH"}, with the octet/BigInteger conversions it needs). {@code bcKeyPair}
 * and {@code bcAgreement} split Bouncy Castle's cost into its two halves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyExchangeBenchmark {

    private SecureRandom random;
    private byte[] peerPublic;
    private final byte[] fixedPrivate = new byte[X25519.SCALAR_SIZE];
    private KeyPairGenerator jdkGenerator;
    private KeyFactory jdkFactory;
    private KeyAgreement jdkAgreement;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        random = new SecureRandom();
        peerPublic = DhGroup.CURVE25519.generate(random).publicValue();
        X25519.generatePrivateKey(random, fixedPrivate);
        jdkGenerator = KeyPairGenerator.getInstance("X25519");
        jdkFactory = KeyFactory.getInstance("XDH");
        jdkAgreement = KeyAgreement.getInstance("XDH");
    }

    @Benchmark
    public byte[] ours() throws Exception {
        KeyExchange kx = DhGroup.CURVE25519.generate(random);
        byte[] pub = kx.publicValue();
        byte[] s = kx.sharedSecret(peerPublic);
        pub[0] ^= s[0];
        return pub;
    }

    @Benchmark
    public byte[] bc() {
        byte[] priv = new byte[X25519.SCALAR_SIZE];
        byte[] pub = new byte[X25519.POINT_SIZE];
        byte[] s = new byte[X25519.POINT_SIZE];
        X25519.generatePrivateKey(random, priv);
        X25519.generatePublicKey(priv, 0, pub, 0);
        if (!X25519.calculateAgreement(priv, 0, peerPublic, 0, s, 0)) {
            throw new IllegalStateException("small order");
        }
        pub[0] ^= s[0];
        return pub;
    }

    /** Bouncy Castle, only our key pair (fixed-base multiplication, precomputed tables). */
    @Benchmark
    public byte[] bcKeyPair() {
        byte[] priv = new byte[X25519.SCALAR_SIZE];
        byte[] pub = new byte[X25519.POINT_SIZE];
        X25519.generatePrivateKey(random, priv);
        X25519.generatePublicKey(priv, 0, pub, 0);
        return pub;
    }

    /** Bouncy Castle, only the shared secret (variable-base Montgomery ladder). */
    @Benchmark
    public byte[] bcAgreement() {
        byte[] s = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(fixedPrivate, 0, peerPublic, 0, s, 0)) {
            throw new IllegalStateException("small order");
        }
        return s;
    }

    @Benchmark
    public byte[] jdk() throws Exception {
        KeyPair kp = jdkGenerator.generateKeyPair();
        byte[] pub = littleEndian(((XECPublicKey) kp.getPublic()).getU());
        byte[] le = peerPublic.clone();
        // RFC 7748 §5: the receiver masks the most significant bit of the u-coordinate
        le[31] &= 0x7f;
        byte[] be = new byte[33];
        for (int i = 0; i < 32; i++) {
            be[32 - i] = le[i];
        }
        XECPublicKeySpec spec = new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(be));
        jdkAgreement.init(kp.getPrivate());
        jdkAgreement.doPhase(jdkFactory.generatePublic(spec), true);
        byte[] s = jdkAgreement.generateSecret();
        pub[0] ^= s[0];
        return pub;
    }

    private static byte[] littleEndian(BigInteger u) {
        byte[] be = u.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
