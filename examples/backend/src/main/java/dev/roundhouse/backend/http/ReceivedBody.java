package dev.roundhouse.backend.http;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Length and SHA-256 of a request body, for {@code ?digest=sha256}: proof that an upload arrived
 * byte for byte, without echoing it (and so without needing a client that reads while it sends).
 */
final class ReceivedBody {

  private final MessageDigest sha256;
  private long length;

  ReceivedBody() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Adds the readable bytes of {@code bytes}, leaving its indexes alone. */
  void update(ByteBuf bytes) {
    length += bytes.readableBytes();
    for (ByteBuffer piece : bytes.nioBuffers()) {
      sha256.update(piece);
    }
  }

  long length() {
    return length;
  }

  /** The digest in lower-case hex; call once, after the last byte. */
  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
