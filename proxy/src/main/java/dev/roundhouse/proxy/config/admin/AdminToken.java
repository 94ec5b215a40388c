package dev.roundhouse.proxy.config.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that unlocks {@code POST /admin/*}: from {@code --admin-token-file FILE} or the
 * environment variable {@code ROUNDHOUSE_ADMIN_TOKEN}. Only a SHA-256 digest is kept, and a
 * presented token is compared digest to digest in constant time, so neither its content nor its
 * length leaks through timing.
 */
public final class AdminToken {

  /** The environment variable that holds the token. */
  public static final String ENV = "ROUNDHOUSE_ADMIN_TOKEN";

  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

  private final byte[] digest;

  private AdminToken(String token) {
    this.digest = sha256(token);
  }

  /**
   * The configured token: the file's content (surrounding whitespace and the final newline removed)
   * when {@code file} is given, else the environment variable, else none.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when the file or the variable is empty: an empty token would
   *     protect nothing
   */
  public static Optional<AdminToken> load(Path file, Map<String, String> env) throws IOException {
    String fromEnv = env.get(ENV);
    if (file != null) {
      if (fromEnv != null) {
        log.info("admin token: using --admin-token-file {}; {} is ignored", file, ENV);
      }
      return Optional.of(
          of(Files.readString(file, StandardCharsets.UTF_8), "--admin-token-file " + file));
    }
    if (fromEnv != null) {
      return Optional.of(of(fromEnv, ENV));
    }
    return Optional.empty();
  }

  /** A token with this value; {@code where} names its origin in the error for an empty one. */
  static AdminToken of(String value, String where) {
    String token = value.strip();
    if (token.isEmpty()) {
      throw new IllegalArgumentException(where + ": the admin token is empty");
    }
    return new AdminToken(token);
  }

  /** Whether {@code presented} is the token, in time independent of where they differ. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(digest, sha256(presented));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "AdminToken[redacted]";
  }
}
