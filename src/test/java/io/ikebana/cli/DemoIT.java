package io.ikebana.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.interop.InteropEnvironment;
import io.ikebana.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ikebana demo} as a newcomer runs it: three members, clients placed by redirect, a
 * rebalance after a join, clones spread, a drain; as root with strongSwan installed, strongSwan
 * clients too, which keep their IKE SAs through the moves.
 */
class DemoIT {

    @Test
    void theDemoShowsPlacementRebalanceClonesAndDrain() {
        boolean strongSwan = InteropEnvironment.isRoot();
        if (strongSwan) {
            InteropEnvironment.ensureDeps();
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", GatewayProcess.jar().toString(), "demo", "--clients", "90");
        InteropEnvironment.Result r = InteropEnvironment.run(Duration.ofMinutes(4), Map.of(), cmd);
        String out = r.output();
        assertTrue(r.ok(), r.describe());
        // the tables: two members, then three after the join, then gw1 empty after its drain
        Matcher rows = Pattern.compile("^   (gw\\d)\\s+127\\.0\\.0\\.\\d\\s+(\\d+)$", Pattern.MULTILINE).matcher(out);
        int[] last = new int[4];
        int tables = 0;
        while (rows.find()) {
            int member = Integer.parseInt(rows.group(1).substring(2));
            last[member] = Integer.parseInt(rows.group(2));
            if (member == 1) {
                tables++;
            }
        }
        assertEquals(3, tables, out);
        assertEquals(0, last[1], "gw1 drained:\n" + out);
        assertEquals(90, last[2] + last[3], "every client still has its SA:\n" + out);
        assertTrue(Math.abs(last[2] - last[3]) <= 10, "spread over gw2 and gw3:\n" + out);
        // the clones live on members other than the original's
        Matcher original = Pattern.compile("original  \\p{XDigit}{16}  on (gw\\d)").matcher(out);
        assertTrue(original.find(), out);
        Matcher clone = Pattern.compile("clone     \\p{XDigit}{16}  on (gw\\d), 1 Child SA").matcher(out);
        int clones = 0;
        while (clone.find()) {
            assertNotEquals(original.group(1), clone.group(1), out);
            clones++;
        }
        assertEquals(2, clones, out);
        if (strongSwan) {
            assertTrue(out.contains("4 of 4 established"), out);
            long kept = out.lines().filter(l -> l.contains("strongSwan sw") && l.contains("same IKE SA")).count();
            assertEquals(8, kept, "strongSwan kept its IKE SAs through the rebalance and the drain:\n" + out);
            assertTrue(out.lines().filter(l -> l.contains("strongSwan sw")).noneMatch(l -> l.contains("new IKE SA")), out);
        }
    }
}
