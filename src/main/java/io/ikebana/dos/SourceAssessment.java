package io.ikebana.dos;

/**
 * How a source's prefixes behave right now.
 *
 * @param requirement   the strictest requirement any of its prefixes imposes
 * @param heat          0..1: how far the hottest prefix is between its puzzle and hard limits
 *                      (rate or half-open); raises its puzzle difficulty
 * @param cookieBudget  0..1: share of further cookies the prefixes may still get this window
 */
record SourceAssessment(Requirement requirement, double heat, double cookieBudget) {
}
