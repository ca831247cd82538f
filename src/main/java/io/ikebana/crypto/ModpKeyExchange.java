package io.ikebana.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.util.BigIntegers;

/** MODP groups 14 and 15 (RFC 3526); values left-padded to the modulus length (RFC 7296 §3.4). */
final class ModpKeyExchange implements KeyExchange {
    private static final BigInteger TWO = BigInteger.valueOf(2);
    private static final BigInteger P2048 = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
            + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
            + "15728E5A8AACAA68FFFFFFFFFFFFFFFF", 16);
    private static final BigInteger P3072 = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
            + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
            + "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
            + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
            + "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16);

    private final DhGroup group;
    private final BigInteger p;
    private final BigInteger x;
    private final byte[] publicValue;

    ModpKeyExchange(DhGroup group, SecureRandom random) {
        this.group = group;
        this.p = group == DhGroup.MODP_2048 ? P2048 : P3072;
        // exponent length per RFC 3526 strength estimates: 2 x the security level in bits
        int bits = group == DhGroup.MODP_2048 ? 256 : 320;
        BigInteger k;
        do {
            k = BigIntegers.createRandomBigInteger(bits, random);
        } while (k.compareTo(TWO) < 0);
        this.x = k;
        this.publicValue = BigIntegers.asUnsignedByteArray(group.publicLength(), TWO.modPow(x, p));
    }

    @Override
    public DhGroup group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peer) throws InvalidPublicValueException {
        if (peer.length != group.publicLength()) {
            throw new InvalidPublicValueException("MODP public value length " + peer.length);
        }
        BigInteger y = new BigInteger(1, peer);
        // RFC 6989 §2.1: 1 < y < p-1
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidPublicValueException("MODP public value out of range");
        }
        return BigIntegers.asUnsignedByteArray(group.publicLength(), y.modPow(x, p));
    }
}
