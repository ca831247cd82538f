package io.ikebana.dos.table;

import static io.ikebana.dos.Ike.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixHasherTest {
    private final PrefixHasher hasher = new PrefixHasher(11, 22);

    @ParameterizedTest(name = "{0} ~ {1} at /{2}: same={3}")
    @CsvSource({
        "198.51.100.7, 198.51.100.7, 32, true",
        "198.51.100.7, 198.51.100.8, 32, false",
        "198.51.100.7, 198.51.100.200, 24, true",
        "198.51.100.7, 198.51.101.7, 24, false",
        "2001:db8:1:2:aaaa::1, 2001:db8:1:2:bbbb::9, 64, true",
        "2001:db8:1:2::1, 2001:db8:1:3::1, 64, false",
        "2001:db8:1:2::1, 2001:db8:1:ff::1, 48, true",
        "2001:db8:1::1, 2001:db8:2::1, 48, false",
        "2001:db8::1, 2001:db8::2, 128, false",
        "2001:db8::1, 2001:db8::3, 127, false",
        "2001:db8::2, 2001:db8::3, 127, true",
    })
    void groupsByPrefix(String a, String b, int length, boolean same) {
        long ka = hasher.key(ip(a).getAddress(), length);
        long kb = hasher.key(ip(b).getAddress(), length);
        if (same) {
            assertEquals(ka, kb);
        } else {
            assertNotEquals(ka, kb);
        }
    }

    @ParameterizedTest
    @CsvSource({"198.51.100.7, 24, 32", "2001:db8::1, 48, 64"})
    void lengthIsPartOfTheKey(String a, int l1, int l2) {
        assertNotEquals(hasher.key(ip(a).getAddress(), l1), hasher.key(ip(a).getAddress(), l2));
    }
}
