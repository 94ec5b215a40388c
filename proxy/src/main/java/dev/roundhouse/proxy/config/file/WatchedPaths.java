package dev.roundhouse.proxy.config.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The directories to watch for a config file, and the entry names in them that matter.
 *
 * <p>A change can reach the file in three ways: the file itself is rewritten or renamed over (an
 * event in its directory), a symlink on the way is swapped (an event in the symlink's directory —
 * Kubernetes mounts a ConfigMap as {@code config.yaml -> ..data/config.yaml} and swaps {@code
 * ..data -> ..2026_11_24_...} atomically), or the file a symlink points to changes (an event in the
 * target's directory). So every directory that holds the file, a symlink on its way, or its real
 * self is watched, and an event counts when it names any component of those paths. The chain is
 * resolved again after every change, since a swap moves it.
 *
 * @param directories the directories to watch
 * @param names the entry names whose events count
 */
record WatchedPaths(Set<Path> directories, Set<String> names) {

  /** More links than this in one chain is a loop. */
  private static final int MAX_LINKS = 40;

  /** Resolves the chain of {@code file} as it is now; parts that do not exist are left out. */
  static WatchedPaths of(Path file) {
    Set<Path> directories = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    Path hop = file.toAbsolutePath();
    for (int links = 0; links <= MAX_LINKS; links++) {
      addPath(hop, directories, names);
      if (!Files.isSymbolicLink(hop)) {
        break;
      }
      try {
        hop = hop.getParent().resolve(Files.readSymbolicLink(hop));
      } catch (IOException e) {
        break; // swapped away under us: the next event resolves again
      }
    }
    try {
      addPath(file.toRealPath(), directories, names);
    } catch (IOException missing) {
      // a missing file is reported by the read; its directory is already watched
    }
    return new WatchedPaths(Set.copyOf(directories), Set.copyOf(names));
  }

  /** The union of the chains of {@code files}. */
  static WatchedPaths of(Collection<Path> files) {
    Set<Path> directories = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (Path file : files) {
      WatchedPaths one = of(file);
      directories.addAll(one.directories());
      names.addAll(one.names());
    }
    return new WatchedPaths(Set.copyOf(directories), Set.copyOf(names));
  }

  private static void addPath(Path path, Set<Path> directories, Set<String> names) {
    if (path.getParent() != null) {
      directories.add(path.getParent());
    }
    for (Path prefix = path; prefix.getParent() != null; prefix = prefix.getParent()) {
      names.add(prefix.getFileName().toString());
      if (Files.isSymbolicLink(prefix)) {
        directories.add(prefix.getParent()); // a directory symlink on the way, like ..data
      }
    }
  }
}
