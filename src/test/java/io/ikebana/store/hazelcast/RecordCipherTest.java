package io.ikebana.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.Secret;
import io.ikebana.ike.Identity;
import io.ikebana.store.hazelcast.RecordCipher.UnreadableRecordException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCipherTest {
    static final Secret K1 = Secret.wrap(IkeSaCodecTest.fill(32, 0x11));
    static final Secret K2 = Secret.wrap(IkeSaCodecTest.fill(32, 0x22));
    final SecureRandom random = new SecureRandom();

    @Test
    void sealsUnderCurrentKeyAndOpensWithAnyKnownKey() {
        RecordCipher one = new RecordCipher(Map.of(1, K1), 1, random);
        RecordCipher both = new RecordCipher(Map.of(1, K1, 2, K2), 2, random);
        byte[] plain = IkeSaCodec.encode(SampleSas.typical(9, "a@b", 300));
        byte[] s1 = one.seal(9, plain);
        assertEquals(1, RecordCipher.keyIdOf(s1));
        assertArrayEquals(plain, both.open(9, s1));
        byte[] s2 = both.seal(9, plain);
        assertEquals(2, RecordCipher.keyIdOf(s2));
        UnreadableRecordException e = assertThrows(UnreadableRecordException.class, () -> one.open(9, s2));
        assertEquals(2, e.keyId());
        assertEquals(plain.length + 30, s2.length);
    }

    @Test
    void recordDoesNotOpenUnderAnotherSpiOrAfterTampering() {
        RecordCipher c = new RecordCipher(Map.of(1, K1), 1, random);
        byte[] s = c.seal(100, new byte[] {1, 2, 3});
        assertThrows(UnreadableRecordException.class, () -> c.open(101, s));
        byte[] t = s.clone();
        t[t.length - 1] ^= 1;
        assertThrows(UnreadableRecordException.class, () -> c.open(100, t));
        byte[] relabelled = s.clone();
        relabelled[1] = 2;
        RecordCipher sameBytesTwoIds = new RecordCipher(Map.of(1, K1, 2, K1), 1, random);
        assertThrows(UnreadableRecordException.class, () -> sameBytesTwoIds.open(100, relabelled));
    }

    @Test
    void wrongKeyBytesUnderSameIdDoNotOpen() {
        RecordCipher right = new RecordCipher(Map.of(1, K1), 1, random);
        RecordCipher wrong = new RecordCipher(Map.of(1, K2), 1, random);
        byte[] s = right.seal(5, new byte[] {9});
        assertThrows(UnreadableRecordException.class, () -> wrong.open(5, s));
        assertNotEquals(right.checkValues().get(1), wrong.checkValues().get(1));
    }

    @Test
    void sealedRecordHoldsNoPlaintextAndNoncesDiffer() {
        RecordCipher c = new RecordCipher(Map.of(1, K1), 1, random);
        byte[] plain = IkeSaCodec.encode(SampleSas.typical(77, "a@b", 300));
        byte[] a = c.seal(77, plain);
        byte[] b = c.seal(77, plain);
        assertFalse(Arrays.equals(a, b));
        for (byte[] key : SampleSas.keys(SampleSas.typical(77, "a@b", 300))) {
            assertFalse(RawBytes.contains(a, Arrays.copyOf(key, 16)));
        }
    }

    @Test
    void identityTagsAreKeyedAndStable() {
        RecordCipher c1 = new RecordCipher(Map.of(1, K1), 1, random);
        RecordCipher c12 = new RecordCipher(Map.of(1, K1, 2, K2), 2, random);
        Identity alice = Identity.parse("alice@ikebana.test");
        assertEquals(c1.identityTag(alice), c1.identityTag(Identity.parse("alice@ikebana.test")));
        assertNotEquals(c1.identityTag(alice), c1.identityTag(Identity.parse("bob@ikebana.test")));
        assertNotEquals(c1.identityTag(alice), c12.identityTag(alice));
        assertTrue(c12.identityTags(alice).contains(c1.identityTag(alice)));
        assertFalse(c1.identityTag(alice).contains("alice"));
        assertEquals(32, c1.identityTag(alice).length());
    }
}
