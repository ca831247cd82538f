package io.ikebana.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * NIST prime-curve key exchange (RFC 5903): public value x | y without the 0x04 prefix, shared
 * secret = the x coordinate only. The peer's point is validated (on the curve, not infinity).
 */
final class EcpKeyExchange implements KeyExchange {
    private final DhGroup group;
    private final X9ECParameters params;
    private final BigInteger d;
    private final byte[] publicValue;
    private final int fieldBytes;

    EcpKeyExchange(DhGroup group, SecureRandom random) {
        this.group = group;
        this.params = CustomNamedCurves.getByName(curveName(group));
        this.fieldBytes = (params.getCurve().getFieldSize() + 7) / 8;
        BigInteger n = params.getN();
        BigInteger k;
        do {
            k = BigIntegers.createRandomBigInteger(n.bitLength(), random);
        } while (k.signum() == 0 || k.compareTo(n) >= 0);
        this.d = k;
        ECPoint q = new FixedPointCombMultiplier().multiply(params.getG(), d).normalize();
        this.publicValue = new byte[2 * fieldBytes];
        BigIntegers.asUnsignedByteArray(q.getAffineXCoord().toBigInteger(), publicValue, 0, fieldBytes);
        BigIntegers.asUnsignedByteArray(q.getAffineYCoord().toBigInteger(), publicValue, fieldBytes, fieldBytes);
    }

    private static String curveName(DhGroup g) {
        switch (g) {
            case ECP_256: return "secp256r1";
            case ECP_384: return "secp384r1";
            default: return "secp521r1";
        }
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
        if (peer.length != 2 * fieldBytes) {
            throw new InvalidPublicValueException("ECP public value length " + peer.length);
        }
        ECCurve curve = params.getCurve();
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(peer, 0, fieldBytes));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(peer, fieldBytes, peer.length));
        ECPoint p;
        try {
            // RFC 5903 §7 / RFC 6989: the received point MUST be validated
            p = curve.validatePoint(x, y);
        } catch (IllegalArgumentException e) {
            throw new InvalidPublicValueException("ECP point not on curve");
        }
        ECPoint s = p.multiply(d).normalize();
        if (s.isInfinity()) {
            throw new InvalidPublicValueException("ECP shared point at infinity");
        }
        return BigIntegers.asUnsignedByteArray(fieldBytes, s.getAffineXCoord().toBigInteger());
    }
}
