package io.ikebana.esp.crypto;

import io.ikebana.crypto.KeyValueVectors;
import java.util.List;
import java.util.Map;

/** The ESP vector files of src/test/resources/vectors/esp, read by {@link KeyValueVectors}. */
final class Vectors {

    private Vectors() {
    }

    static List<Map<String, String>> load(String file) {
        return KeyValueVectors.load("/vectors/esp/" + file);
    }

    static byte[] hex(String s) {
        return KeyValueVectors.hex(s);
    }
}
