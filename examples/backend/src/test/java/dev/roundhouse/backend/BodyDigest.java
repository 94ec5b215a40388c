package dev.roundhouse.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Length and SHA-256 of a body, computed piece by piece so large bodies are never held. */
final class BodyDigest {

  private final MessageDigest sha;
  private long length;

  BodyDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Digests a whole stream. */
  static BodyDigest of(InputStream in) throws IOException {
    BodyDigest digest = new BodyDigest();
    byte[] buffer = new byte[64 * 1024];
    try (in) {
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return digest;
  }

  void update(byte[] bytes, int offset, int count) {
    sha.update(bytes, offset, count);
    length += count;
  }

  /** A stream that digests what is written to it. */
  OutputStream sink() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        update(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int count) {
        update(bytes, offset, count);
      }
    };
  }

  long length() {
    return length;
  }

  /** The hex SHA-256; call once, at the end. */
  String sha256() {
    return HexFormat.of().formatHex(sha.digest());
  }
}
