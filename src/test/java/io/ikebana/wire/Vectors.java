package io.ikebana.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Test vectors from {@code src/test/resources/vectors/NAME.hex}: a {@code # provenance:} first
 * line (STYLE.md: where the octets come from), then hex, whitespace ignored.
 */
public final class Vectors {
    /** SK_ei of the AES-256-GCM-16 case of ikev2-core-checklist §18.3 (32 key + 4 salt octets). */
    public static final String SK_EI_GCM256 = "2ec334f6d43dbdf8bc53535766a948c1901ff4296b10619c063d041cec255a2abeab5f3b";
    /** SK_er of the same case: the wrong direction for messages from the initiator. */
    public static final String SK_ER_GCM256 = "806cb562d9bcc3a68b27209725259bf9b9190b5b9a303cf5f181a9e19d86ce48b8ad4358";
    /** SK_ei and SK_ai of the AES-128-CBC + HMAC-SHA2-256-128 case of §18.3. */
    public static final String SK_EI_CBC128 = "9d86ce48b8ad43587cbf183a131e9b2e";
    public static final String SK_AI_CBC128 = "2ec334f6d43dbdf8bc53535766a948c1901ff4296b10619c063d041cec255a2a";

    private Vectors() {
    }

    public static byte[] load(String name) {
        String text = text(name);
        if (!text.startsWith("# provenance: ")) {
            throw new IllegalStateException("vector " + name + " has no provenance line");
        }
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                hex.append(line.strip());
            }
        }
        return HexFormat.of().parseHex(hex.toString());
    }

    public static String provenance(String name) {
        return text(name).lines().findFirst().orElseThrow().substring("# provenance: ".length());
    }

    private static String text(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
