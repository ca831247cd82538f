package io.ikebana.esp.bench;

import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.IntegrityAlgorithm;

/** The transforms benchmarked. */
public enum BenchTransform {
    AES_GCM_128(EspTransform.aesGcm16(128)),
    AES_GCM_256(EspTransform.aesGcm16(256)),
    AES_CBC_128_HMAC_SHA2_256(EspTransform.aesCbc(128, IntegrityAlgorithm.HMAC_SHA2_256_128));

    final EspTransform transform;

    BenchTransform(EspTransform transform) {
        this.transform = transform;
    }
}
