package io.ikebana.dos;

/**
 * Puzzle difficulty from load and source behaviour (RFC 8019 §7.1.1.1: "SHOULD be determined by
 * analyzing the volume of the attack" and "MAY set different difficulty levels ... depending on
 * the IP address"; §10: keep the responder's load close to what it tolerates).
 */
final class DifficultyPolicy {
    private final PuzzleConfig config;

    DifficultyPolicy(PuzzleConfig config) {
        this.config = config;
    }

    /**
     * @param globalLoad 0..1 from the puzzle threshold to capacity
     * @param prefixHeat 0..1 of the source's hottest prefix
     */
    int forInit(double globalLoad, double prefixHeat) {
        int min = config.minDifficulty();
        int base = min + (int) Math.round(globalLoad * (config.maxDifficulty() - min));
        int extra = (int) Math.ceil(prefixHeat * config.prefixExtraDifficulty());
        int d = base + extra;
        // RFC 8019 §4.4: "The values 1-8 are explicitly excluded"
        if (d >= 1 && d <= 8) {
            d = 9;
        }
        return Math.min(255, d);
    }

    /**
     * IKE_AUTH puzzle difficulty: never 0 (RFC 8019 §7.2.1.1), and no harder than what the client
     * showed it can do in its IKE_SA_INIT puzzle (the responder "would be able to roughly estimate
     * the computational power of the Initiator").
     */
    int forAuth(int solvedInitDifficulty) {
        return Math.max(1, Math.min(config.authDifficulty(), Math.max(1, solvedInitDifficulty)));
    }
}
