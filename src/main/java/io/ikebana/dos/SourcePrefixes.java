package io.ikebana.dos;

import java.util.List;

/**
 * The table keys of one source address, one per configured prefix policy of its family.
 *
 * @param policies the policies, in configuration order
 * @param keys     the matching keys (same order)
 */
public record SourcePrefixes(List<PrefixPolicy> policies, long[] keys) {
}
