package io.ikebana.crypto;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The X25519 function (RFC 7748 §5) through OpenSSL 3's libcrypto, for the shared secret only.
 *
 * <p>OpenSSL's ladder (64-bit limbs, MULX/ADX on x86-64) takes about 40 % of the time of Bouncy
 * Castle's 25.5-bit-limb one, and the shared secret is the single largest cost of an IKE SA. Its
 * key objects are the catch: {@code EVP_PKEY_new_raw_private_key} derives the public value again
 * (another full ladder), which is why the private key is imported here with {@code
 * EVP_PKEY_fromdata} together with the public value Bouncy Castle already computed. Key pairs stay
 * with Bouncy Castle, whose fixed-base multiplication is faster than OpenSSL's key generation.
 *
 * <p>JNA direct mapping, pointers as Java longs (LP64). The private key passes through a
 * per-thread native buffer that is zeroed after every call. When libcrypto.so.3 cannot be loaded,
 * fails the RFC 7748 §6.1 vector at start, or the system property {@code ikebana.crypto.openssl}
 * is {@code false}, {@link #instance()} is empty and Bouncy Castle does the whole exchange.
 */
final class OpenSslX25519 {
    private static final Logger LOG = Logger.getLogger(OpenSslX25519.class.getName());

    private static final int EVP_PKEY_KEYPAIR = 0x87;
    private static final int OSSL_PARAM_OCTET_STRING = 5;
    private static final int PARAM_SIZE = 40;
    private static final long PARAM_UNMODIFIED = -1L;
    private static final int KEY_SIZE = 32;

    private static final Optional<OpenSslX25519> INSTANCE = load();

    /** Static C strings: the algorithm and the two parameter names. */
    private final Memory names = new Memory(32);
    private final long algorithm;
    private final long privName;
    private final long pubName;
    /** Per thread: three OSSL_PARAMs (priv, pub, end), then the private and public octets. */
    private final ThreadLocal<Memory> scratch =
            ThreadLocal.withInitial(() -> new Memory(3 * PARAM_SIZE + 2 * KEY_SIZE));

    private OpenSslX25519() {
        names.setString(0, "X25519", "US-ASCII");
        names.setString(8, "priv", "US-ASCII");
        names.setString(16, "pub", "US-ASCII");
        long base = Pointer.nativeValue(names);
        algorithm = base;
        privName = base + 8;
        pubName = base + 16;
    }

    /** The OpenSSL path, when it is usable on this machine. */
    static Optional<OpenSslX25519> instance() {
        return INSTANCE;
    }

    /**
     * out = X25519(privateKey, peerPublic), with publicKey = X25519(privateKey, 9).
     *
     * @return false when OpenSSL refused: the output would be all zero (a small-order peer value),
     *     or some other failure of the library; the caller decides which with Bouncy Castle
     */
    boolean agree(byte[] privateKey, byte[] publicKey, byte[] peerPublic, byte[] out) {
        Memory m = scratch.get();
        long base = Pointer.nativeValue(m);
        long priv = base + 3 * PARAM_SIZE;
        long pub = priv + KEY_SIZE;
        m.write(3 * PARAM_SIZE, privateKey, 0, KEY_SIZE);
        m.write(3 * PARAM_SIZE + KEY_SIZE, publicKey, 0, KEY_SIZE);
        param(m, 0, privName, priv);
        param(m, PARAM_SIZE, pubName, pub);
        m.setLong(2 * PARAM_SIZE, 0);
        long[] handle = new long[1];
        long ours = 0;
        long peer = 0;
        long ctx = 0;
        try {
            ctx = Lib.EVP_PKEY_CTX_new_from_name(0, algorithm, 0);
            if (ctx == 0 || Lib.EVP_PKEY_fromdata_init(ctx) != 1
                || Lib.EVP_PKEY_fromdata(ctx, handle, EVP_PKEY_KEYPAIR, base) != 1) {
                return false;
            }
            ours = handle[0];
            Lib.EVP_PKEY_CTX_free(ctx);
            ctx = 0;
            peer = Lib.EVP_PKEY_new_raw_public_key_ex(0, algorithm, 0, peerPublic, KEY_SIZE);
            if (peer == 0) {
                return false;
            }
            ctx = Lib.EVP_PKEY_CTX_new_from_pkey(0, ours, 0);
            long[] length = {KEY_SIZE};
            return ctx != 0 && Lib.EVP_PKEY_derive_init(ctx) == 1 && Lib.EVP_PKEY_derive_set_peer(ctx, peer) == 1
                && Lib.EVP_PKEY_derive(ctx, out, length) == 1 && length[0] == KEY_SIZE;
        } finally {
            m.clear(3 * PARAM_SIZE + KEY_SIZE);
            Lib.EVP_PKEY_CTX_free(ctx);
            Lib.EVP_PKEY_free(peer);
            Lib.EVP_PKEY_free(ours);
        }
    }

    private static void param(Memory m, long at, long name, long data) {
        m.setLong(at, name);
        m.setInt(at + 8, OSSL_PARAM_OCTET_STRING);
        m.setInt(at + 12, 0);
        m.setLong(at + 16, data);
        m.setLong(at + 24, KEY_SIZE);
        m.setLong(at + 32, PARAM_UNMODIFIED);
    }

    private static Optional<OpenSslX25519> load() {
        if ("false".equalsIgnoreCase(System.getProperty("ikebana.crypto.openssl"))) {
            LOG.info("x25519: Bouncy Castle (OpenSSL disabled by ikebana.crypto.openssl=false)");
            return Optional.empty();
        }
        try {
            Lib.init();
            OpenSslX25519 x = new OpenSslX25519();
            if (!x.passesSelfTest()) {
                LOG.warning("x25519: Bouncy Castle (" + Lib.version() + " failed the RFC 7748 vector)");
                return Optional.empty();
            }
            LOG.info("x25519: shared secrets through " + Lib.version() + ", key pairs through Bouncy Castle");
            return Optional.of(x);
        } catch (LinkageError | RuntimeException e) {
            LOG.info("x25519: Bouncy Castle (libcrypto.so.3 not usable: " + e + ")");
            return Optional.empty();
        }
    }

    /** RFC 7748 §6.1, both directions, and a small-order value refused. */
    private boolean passesSelfTest() {
        HexFormat hex = HexFormat.of();
        byte[] a = hex.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] aPub = hex.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] b = hex.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] bPub = hex.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] shared = hex.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        byte[] out1 = new byte[KEY_SIZE];
        byte[] out2 = new byte[KEY_SIZE];
        return agree(a, aPub, bPub, out1) && Arrays.equals(shared, out1)
            && agree(b, bPub, aPub, out2) && Arrays.equals(shared, out2)
            && !agree(a, aPub, new byte[KEY_SIZE], new byte[KEY_SIZE]);
    }

    /** libcrypto's EVP calls; OSSL_LIB_CTX and property queries are always NULL (the defaults). */
    static final class Lib {
        static {
            Native.register(Lib.class, NativeLibrary.getInstance("libcrypto.so.3"));
        }

        private Lib() {
        }

        static void init() {
            // loading the class registers the natives
        }

        static String version() {
            return OpenSSL_version(0).getString(0, "US-ASCII");
        }

        static native Pointer OpenSSL_version(int type);

        static native long EVP_PKEY_CTX_new_from_name(long libctx, long name, long propquery);

        static native long EVP_PKEY_CTX_new_from_pkey(long libctx, long pkey, long propquery);

        static native void EVP_PKEY_CTX_free(long ctx);

        static native int EVP_PKEY_fromdata_init(long ctx);

        static native int EVP_PKEY_fromdata(long ctx, long[] ppkey, int selection, long params);

        static native long EVP_PKEY_new_raw_public_key_ex(long libctx, long keytype, long propq, byte[] pub, long len);

        static native void EVP_PKEY_free(long pkey);

        static native int EVP_PKEY_derive_init(long ctx);

        static native int EVP_PKEY_derive_set_peer(long ctx, long peer);

        static native int EVP_PKEY_derive(long ctx, byte[] key, long[] keylen);
    }
}
