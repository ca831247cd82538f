package io.ikebana.esp.bench;

import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Which provider to build the ESP ciphers on: SunJCE (AES-NI, CLMUL/VAES intrinsics) or Bouncy
 * Castle's lightweight API (pure Java AES), doing per packet exactly what the ESP codec does —
 * re-initialise with the packet's IV, authenticate 8 octets of header, process the payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoProviderBenchmark {

    @Param({"64", "1400"})
    public int size;

    private final byte[] key = new byte[16];
    private final byte[] macKey = new byte[32];
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[8];
    private final byte[] iv = new byte[16];
    private byte[] in;
    private byte[] out;
    private byte[] gcmCiphertext;
    private long counter;

    private Cipher jcaGcm;
    private Cipher jcaCbc;
    private Mac jcaMac;
    private SecretKeySpec jcaKey;
    private GCMModeCipher bcGcm;
    private CBCModeCipher bcCbc;
    private HMac bcMac;
    private KeyParameter bcKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        in = new byte[size];
        out = new byte[size + 64];
        jcaKey = new SecretKeySpec(key, "AES");
        jcaGcm = Cipher.getInstance("AES/GCM/NoPadding");
        jcaCbc = Cipher.getInstance("AES/CBC/NoPadding");
        jcaMac = Mac.getInstance("HmacSHA256");
        jcaMac.init(new SecretKeySpec(macKey, "HmacSHA256"));
        bcKey = new KeyParameter(key);
        bcGcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        BlockCipher aes = AESEngine.newInstance();
        bcCbc = CBCBlockCipher.newInstance(aes);
        bcMac = new HMac(new SHA256Digest());
        bcMac.init(new KeyParameter(macKey));
        jcaGcm.init(Cipher.ENCRYPT_MODE, jcaKey, new GCMParameterSpec(128, nonce));
        jcaGcm.updateAAD(aad);
        gcmCiphertext = jcaGcm.doFinal(in);
    }

    private void nextNonce() {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (c >>> (8 * i));
        }
    }

    @Benchmark
    public byte[] jcaGcmSeal() throws Exception {
        nextNonce();
        jcaGcm.init(Cipher.ENCRYPT_MODE, jcaKey, new GCMParameterSpec(128, nonce));
        jcaGcm.updateAAD(aad, 0, 8);
        jcaGcm.doFinal(in, 0, size, out, 0);
        return out;
    }

    @Benchmark
    public byte[] jcaGcmOpen() throws Exception {
        jcaGcm.init(Cipher.DECRYPT_MODE, jcaKey, new GCMParameterSpec(128, new byte[12]));
        jcaGcm.updateAAD(aad, 0, 8);
        jcaGcm.doFinal(gcmCiphertext, 0, gcmCiphertext.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] bcGcmSeal() throws Exception {
        nextNonce();
        bcGcm.init(true, new AEADParameters(bcKey, 128, nonce, null));
        bcGcm.processAADBytes(aad, 0, 8);
        int n = bcGcm.processBytes(in, 0, size, out, 0);
        bcGcm.doFinal(out, n);
        return out;
    }

    @Benchmark
    public byte[] bcGcmOpen() throws Exception {
        bcGcm.init(false, new AEADParameters(bcKey, 128, new byte[12], null));
        bcGcm.processAADBytes(aad, 0, 8);
        int n = bcGcm.processBytes(gcmCiphertext, 0, gcmCiphertext.length, out, 0);
        bcGcm.doFinal(out, n);
        return out;
    }

    @Benchmark
    public byte[] jcaCbcHmacSeal() throws Exception {
        jcaCbc.init(Cipher.ENCRYPT_MODE, jcaKey, new IvParameterSpec(iv));
        jcaCbc.doFinal(in, 0, size & ~15, out, 0);
        jcaMac.update(aad, 0, 8);
        jcaMac.update(out, 0, size & ~15);
        jcaMac.doFinal(out, size);
        return out;
    }

    @Benchmark
    public byte[] bcCbcHmacSeal() {
        bcCbc.init(true, new ParametersWithIV(bcKey, iv));
        int blocks = size >> 4;
        for (int b = 0; b < blocks; b++) {
            bcCbc.processBlock(in, b << 4, out, b << 4);
        }
        bcMac.update(aad, 0, 8);
        bcMac.update(out, 0, blocks << 4);
        bcMac.doFinal(out, size);
        return out;
    }
}
