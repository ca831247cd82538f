package io.ikebana.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sampled gauges' cadence: every 5 s while sampling is cheap, near 1 % of a core when it is not. */
class SampleCadenceTest {

    @Test
    void cheapSamplesRunEveryFiveSeconds() {
        assertEquals(5_000, Operations.nextSampleDelay(0));
        assertEquals(5_000, Operations.nextSampleDelay(50));
    }

    @Test
    void costlySamplesWaitAHundredTimesTheirDuration() {
        assertEquals(8_000, Operations.nextSampleDelay(80));
        assertEquals(20_000, Operations.nextSampleDelay(200));
    }

    @Test
    void theWaitIsBoundedByHalfAMinute() {
        assertEquals(30_000, Operations.nextSampleDelay(5_000));
    }
}
