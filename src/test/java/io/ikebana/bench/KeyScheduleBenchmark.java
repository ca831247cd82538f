package io.ikebana.bench;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.ike.EspSuite;
import io.ikebana.ike.IkeSuite;
import io.ikebana.ike.KeySchedule;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The key schedule of RFC 7296 §2.14 and §2.17 for aes256gcm16-prfsha256 (what one IKE SA with
 * one Child SA derives): SKEYSEED = prf(Ni | Nr, g^ir), then prf+ for SK_d .. SK_pr (168 octets,
 * 6 HMAC-SHA-256 blocks), and the first Child SA's KEYMAT for aes256gcm16 (72 octets, 3 blocks).
 * 32-octet nonces and a 32-octet g^ir (x25519). Average time per derivation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyScheduleBenchmark {

    private final IkeSuite ike = new IkeSuite(EncrAlgorithm.AES_GCM_16, 256, PrfAlgorithm.HMAC_SHA2_256,
            IntegAlgorithm.NONE, DhGroup.CURVE25519);
    private final EspSuite esp = new EspSuite(EncrAlgorithm.AES_GCM_16, 256, IntegAlgorithm.NONE, false, null);
    private final byte[] ni = new byte[32];
    private final byte[] nr = new byte[32];
    private final byte[] gir = new byte[32];
    private byte[] skD;
    private long spiI;
    private long spiR;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        random.nextBytes(ni);
        random.nextBytes(nr);
        random.nextBytes(gir);
        spiI = random.nextLong();
        spiR = random.nextLong();
        skD = KeySchedule.ikeKeys(ike, KeySchedule.skeyseed(ike.prf(), ni, nr, gir), ni, nr, spiI, spiR).skD().bytes();
    }

    /** SKEYSEED and the seven IKE SA keys, as IKE_SA_INIT computes them. */
    @Benchmark
    public KeySchedule.IkeKeys ikeKeys() {
        byte[] skeyseed = KeySchedule.skeyseed(ike.prf(), ni, nr, gir);
        return KeySchedule.ikeKeys(ike, skeyseed, ni, nr, spiI, spiR);
    }

    /** KEYMAT of the Child SA created with IKE_AUTH (no g^ir: no PFS for the first Child SA). */
    @Benchmark
    public KeySchedule.ChildKeys childKeys() {
        return KeySchedule.childKeys(ike.prf(), skD, null, ni, nr, esp);
    }
}
