package dev.roundhouse.proxy.forward;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Finds a response head's header line that has no colon, which the HTTP codec would let through: it
 * takes {@code Foo bar} for a header {@code Foo} with an empty value, and the response would reach
 * the client as if it were well formed (RFC 9112 section 5: a field line is {@code name ":"
 * value}). The {@link BackendResponseDecoder} shows it each read before it decodes the read, and it
 * looks only at the bytes of a response head: from {@link #expectResponse} (a request went out) to
 * the end of the final head (after any interim 1xx heads; 101 ends it too, the bytes after it are
 * not HTTP).
 */
final class ResponseHeadCheck {

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private boolean inHead;
  private boolean statusLine;
  private int lineLength;
  private boolean lineHasColon;
  private boolean lineFolded;
  private int statusSpaceSeen;
  private int status;
  private int statusDigits;

  /** A request went out: what arrives next starts with a response head. */
  void expectResponse() {
    inHead = true;
    startHead();
  }

  /**
   * Scans the readable bytes of {@code bytes}, the next read, up to the end of the final head;
   * returns what is wrong, or null. Does not move its indexes.
   */
  @Nullable String scan(ByteBuf bytes) {
    if (!inHead) {
      return null;
    }
    int end = bytes.writerIndex();
    for (int i = bytes.readerIndex(); i < end && inHead; i++) {
      byte b = bytes.getByte(i);
      if (b == LF) {
        String problem = endOfLine();
        if (problem != null) {
          return problem;
        }
      } else if (b != CR) {
        character(b);
      }
    }
    return null;
  }

  private void character(byte b) {
    if (lineLength == 0 && (b == ' ' || b == '\t')) {
      lineFolded = true;
    }
    lineLength++;
    if (statusLine) {
      if (b == ' ') {
        statusSpaceSeen++;
      } else if (statusSpaceSeen == 1 && statusDigits < 3 && b >= '0' && b <= '9') {
        status = status * 10 + (b - '0');
        statusDigits++;
      }
    } else if (b == ':') {
      lineHasColon = true;
    }
  }

  private @Nullable String endOfLine() {
    try {
      if (lineLength == 0) {
        if (!statusLine) { // the empty line that ends a head
          boolean interim = status >= 100 && status < 200 && status != 101;
          if (interim) {
            startHead();
          } else {
            inHead = false;
          }
        } // else an empty line before the status line, which a recipient ignores (RFC 9112 2.2)
        return null;
      }
      if (statusLine) {
        statusLine = false;
      } else if (!lineHasColon && !lineFolded) {
        return "a header line without a colon";
      }
      return null;
    } finally {
      lineLength = 0;
      lineHasColon = false;
      lineFolded = false;
    }
  }

  private void startHead() {
    statusLine = true;
    statusSpaceSeen = 0;
    status = 0;
    statusDigits = 0;
  }

  /** A backend's response that breaks HTTP/1.1 in a way the codec lets through. */
  static final class InvalidResponseException extends RuntimeException {
    InvalidResponseException(String message) {
      super(message, null, false, false);
    }
  }
}
