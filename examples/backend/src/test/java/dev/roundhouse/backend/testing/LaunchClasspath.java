package dev.roundhouse.backend.testing;

import dev.roundhouse.backend.BackendMain;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classpath a backend child process is started with: the backend's own classes (wherever the
 * test JVM loaded {@link BackendMain} from) plus the Netty jars of the test classpath.
 *
 * <p>The test classpath is read from {@code surefire.test.class.path} when Surefire or Failsafe set
 * it (their forked JVMs may have only a manifest-only booter jar in {@code java.class.path}), else
 * from {@code java.class.path} (an IDE). Only Netty jars are kept: the backend needs nothing else,
 * and the consuming module's own logging setup must not leak into the child.
 */
public final class LaunchClasspath {

  private LaunchClasspath() {}

  /** The classpath, in the platform's separator-joined form. */
  public static String resolve() {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(backendClasses().toString());
    List<String> testPath = testClasspath();
    List<String> netty = new ArrayList<>();
    for (String entry : testPath) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("netty-") && name.endsWith(".jar")) {
        netty.add(entry);
      }
    }
    // No Netty jar by name (an unusual repackaging): hand the child the whole test classpath.
    entries.addAll(netty.isEmpty() ? testPath : netty);
    return String.join(File.pathSeparator, entries);
  }

  /** Where {@link BackendMain} was loaded from: a jar, or a classes directory. */
  static Path backendClasses() {
    try {
      return Path.of(BackendMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException(
          "cannot tell where dev.roundhouse.backend.BackendMain was loaded from; "
              + "is roundhouse-example-backend on the test classpath?",
          e);
    }
  }

  private static List<String> testClasspath() {
    String path = System.getProperty("surefire.test.class.path");
    if (path == null || path.isBlank()) {
      path = System.getProperty("java.class.path", "");
    }
    List<String> entries = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(entry);
      }
    }
    return entries;
  }
}
