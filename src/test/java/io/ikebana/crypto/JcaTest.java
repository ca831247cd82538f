package io.ikebana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Instances from the provider the JCA itself chooses, a new one each time, each working on its own. */
class JcaTest {

    @Test
    void theSameProviderAsTheJcaChooses() throws Exception {
        for (String t : new String[] {"AES/GCM/NoPadding", "AES/CBC/NoPadding", "AES/ECB/NoPadding"}) {
            Cipher a = Jca.cipher(t);
            Cipher b = Jca.cipher(t);
            assertNotSame(a, b);
            assertEquals(Cipher.getInstance(t).getProvider(), b.getProvider(), t);
            assertEquals(t, b.getAlgorithm());
        }
        assertEquals(Mac.getInstance("HmacSHA256").getProvider(), Jca.mac("HmacSHA256").getProvider());
    }

    @Test
    void instancesDoNotShareState() throws Exception {
        SecretKeySpec k1 = new SecretKeySpec(new byte[16], "AES");
        SecretKeySpec k2 = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "AES");
        Cipher a = Jca.cipher("AES/GCM/NoPadding");
        Cipher b = Jca.cipher("AES/GCM/NoPadding");
        a.init(Cipher.ENCRYPT_MODE, k1, new GCMParameterSpec(128, new byte[12]));
        b.init(Cipher.ENCRYPT_MODE, k2, new GCMParameterSpec(128, new byte[12]));
        byte[] ca = a.doFinal(new byte[20]);
        Cipher ref = Cipher.getInstance("AES/GCM/NoPadding");
        ref.init(Cipher.ENCRYPT_MODE, k1, new GCMParameterSpec(128, new byte[12]));
        assertArrayEquals(ref.doFinal(new byte[20]), ca);
    }

    @Test
    void anUnknownAlgorithmFailsAsTheJcaWould() {
        assertThrows(NoSuchAlgorithmException.class, () -> Jca.cipher("Rot13/ECB/NoPadding"));
        assertThrows(NoSuchAlgorithmException.class, () -> Jca.mac("HmacRot13"));
    }
}
