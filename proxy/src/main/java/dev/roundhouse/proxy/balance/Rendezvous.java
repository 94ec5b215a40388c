package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rendezvous (highest-random-weight) hashing of a key onto backends: every backend gets a score
 * from the key and its own address, and the highest eligible score wins. When a backend goes down
 * only its own keys move, and they come back when it returns; the mapping does not depend on the
 * order of the backends in the config, nor on the process, so every proxy replica maps a key alike.
 */
final class Rendezvous {

  private final List<BackendState> backends;
  private final long[] seeds;

  Rendezvous(List<BackendState> backends) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
    this.seeds = new long[this.backends.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = hash(this.backends.get(i).address().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The eligible backend with the highest score for {@code key}, or null if none is eligible. */
  @Nullable BackendState pick(
      long key, Eligibility eligibility, Collection<BackendState> excluded) {
    BackendState best = null;
    long bestScore = 0;
    for (int i = 0; i < seeds.length; i++) {
      BackendState candidate = backends.get(i);
      if (!eligibility.eligible(candidate, excluded)) {
        continue;
      }
      long score = mix(key ^ seeds[i]);
      if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  /** FNV-1a over the bytes, then mixed: stable across runs and JVMs. */
  static long hash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The finalizer of MurmurHash3 (fmix64): spreads every input bit over the output. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
