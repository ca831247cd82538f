package io.ikebana.deploy;

import io.ikebana.interop.InteropEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** promtool from Debian's prometheus package, installed by the interop harness when missing. */
final class Promtool {
    private Promtool() {
    }

    static Path binary() {
        Path p = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(p)) {
            InteropEnvironment.ensureDeps();
        }
        return p;
    }

    static InteropEnvironment.Result run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        List<String> inDir = List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir.toString());
        List<String> all = new ArrayList<>(inDir);
        all.addAll(cmd);
        return InteropEnvironment.run(Duration.ofSeconds(60), Map.of(), all);
    }
}
