package io.ikebana.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.IntegrityAlgorithm;
import io.ikebana.esp.crypto.SecretKeys;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec validation, and key material never showing in toString. */
class ChildSaSpecTest {

    private static ChildSaSpec.Builder valid() {
        EspTransform t = EspTransform.aesGcm16(128);
        return ChildSaSpec.builder().owner(7).spis(0x1234_5678, 0x8765_4321).transform(t)
                .keys(Peers.keys(t, 1), Peers.keys(t, 2))
                .selectors(List.of(Selector.anyIpv4()), List.of(Selector.host(TestPackets.addr("10.0.0.2"))))
                .endpoints(Peers.ADDR_A, Peers.ADDR_B);
    }

    @Test
    void secretsPrintRedacted() {
        ChildSaSpec spec = valid().build();
        String keyHex = HexFormat.of().formatHex(TestPackets.pattern(20, 1));
        String text = spec.toString();
        assertFalse(text.contains(keyHex.substring(0, 8)), text);
        assertTrue(text.contains("[redacted]"), text);
        assertEquals("[redacted]", spec.inboundKeys().toString());
    }

    @Test
    void destroyWipesAndInstallCopiesBeforeThat() {
        SecretKeys k = SecretKeys.of(new byte[20], new byte[0]);
        k.destroy();
        assertTrue(k.isDestroyed());
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            // the peers installed already; destroying the caller's keys must not break the SAs
            p.keysAtoB.destroy();
            p.keysBtoA.destroy();
            byte[] inner = TestPackets.ipv4OfLength("203.0.113.9", Peers.CLIENT_VIP, 60);
            p.ioA.inject(inner);
            assertEquals(1, p.statsB().packetsIn());
        }
    }

    @Test
    void rejectsWhatTheRfcsForbid() {
        // RFC 4303 §2.1: SPI 0 and 1-255 reserved
        assertThrows(IllegalArgumentException.class, () -> valid().spis(0, 0x1000).build());
        assertThrows(IllegalArgumentException.class, () -> valid().spis(0x1000, 255).build());
        // RFC 4303 §3.4.3: window at least 32
        assertThrows(IllegalArgumentException.class, () -> valid().replayWindow(16).build());
        assertThrows(IllegalArgumentException.class, () -> valid().replayWindow(8192).build());
        // RFC 4106 §8.1: 16-octet key + 4-octet salt; a 16-octet KEYMAT is wrong
        assertThrows(IllegalArgumentException.class,
                () -> valid().keys(SecretKeys.of(new byte[16], new byte[0]), Peers.keys(EspTransform.aesGcm16(128), 2)).build());
        assertThrows(IllegalArgumentException.class, () -> valid().selectors(List.of(), List.of(Selector.anyIpv4())).build());
        assertThrows(IllegalArgumentException.class, () -> new EspTransform(
                io.ikebana.esp.crypto.EncryptionAlgorithm.AES_GCM_16, 128, IntegrityAlgorithm.HMAC_SHA2_256_128));
        assertThrows(IllegalArgumentException.class, () -> EspTransform.aesCbc(128, IntegrityAlgorithm.NONE));
        assertThrows(IllegalArgumentException.class, () -> Lifetimes.ofPackets(10, 5));
    }

    @Test
    void selectorsValidateAndCompute() {
        Selector s = Selector.subnet(TestPackets.addr("10.1.2.3"), 24);
        assertEquals(TestPackets.addr("10.1.2.0"), s.startAddress());
        assertEquals(TestPackets.addr("10.1.2.255"), s.endAddress());
        assertEquals(TestPackets.addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), Selector.anyIpv6().endAddress());
        assertThrows(IllegalArgumentException.class,
                () -> Selector.range(TestPackets.addr("10.0.0.2"), TestPackets.addr("10.0.0.1")));
        assertThrows(IllegalArgumentException.class,
                () -> Selector.range(TestPackets.addr("10.0.0.2"), TestPackets.addr("fd00::1")));
    }

    @Test
    void duplicateInboundSpiIsRefused() {
        try (Peers p = new Peers(EspTransform.aesGcm16(128), false)) {
            assertThrows(IllegalArgumentException.class, () -> p.a.install(p.specA().build()));
        }
    }

    @Test
    void transformIdsMapBothWays() {
        assertEquals(io.ikebana.esp.crypto.EncryptionAlgorithm.AES_GCM_16, io.ikebana.esp.crypto.EncryptionAlgorithm.fromCode(20));
        assertEquals(io.ikebana.esp.crypto.EncryptionAlgorithm.UNKNOWN, io.ikebana.esp.crypto.EncryptionAlgorithm.fromCode(3));
        assertEquals(IntegrityAlgorithm.HMAC_SHA2_384_192, IntegrityAlgorithm.fromCode(13));
        assertEquals(IntegrityAlgorithm.UNKNOWN, IntegrityAlgorithm.fromCode(2));
    }
}
