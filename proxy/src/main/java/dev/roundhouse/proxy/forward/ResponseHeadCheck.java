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
  private boolean lineStarted;
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
   *
   * <p>It goes a line at a time: a header line that begins and ends in this read is judged by a
   * search for its colon, the status line and the parts of a line split between reads a byte at a
   * time.
   */
  @Nullable String scan(ByteBuf bytes) {
    int end = bytes.writerIndex();
    for (int at = bytes.readerIndex(); at < end && inHead; ) {
      int lf = bytes.indexOf(at, end, LF);
      if (lf < 0) { // the line goes on in the next read
        characters(bytes, at, end);
        return null;
      }
      if (statusLine && !lineStarted) {
        wholeStatusLine(bytes, at, lf);
      } else if (statusLine || lineStarted) {
        characters(bytes, at, lf);
      } else {
        wholeLine(bytes, at, lf);
      }
      String problem = endOfLine();
      if (problem != null) {
        return problem;
      }
      at = lf + 1;
    }
    return null;
  }

  /**
   * A status line that began in this read, from {@code from} to its LF at {@code lf}. The status is
   * all that matters in it: when three digits follow its first space, as in every well-formed line,
   * they are read there and the rest is not looked at; any other line goes a byte at a time.
   */
  private void wholeStatusLine(ByteBuf bytes, int from, int lf) {
    int space = bytes.indexOf(from, lf, (byte) ' ');
    if (space >= 0
        && space + 3 < lf
        && isDigit(bytes.getByte(space + 1))
        && isDigit(bytes.getByte(space + 2))
        && isDigit(bytes.getByte(space + 3))) {
      lineStarted = true;
      statusSpaceSeen = 1;
      statusDigits = 3;
      status =
          (bytes.getByte(space + 1) - '0') * 100
              + (bytes.getByte(space + 2) - '0') * 10
              + (bytes.getByte(space + 3) - '0');
      return;
    }
    characters(bytes, from, lf);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** A header line that began in this read, from {@code from} to its LF at {@code lf}. */
  private void wholeLine(ByteBuf bytes, int from, int lf) {
    int first = from;
    while (first < lf && bytes.getByte(first) == CR) {
      first++;
    }
    if (first < lf) {
      lineStarted = true;
      byte b = bytes.getByte(first);
      lineFolded = b == ' ' || b == '\t';
      for (int i = first; i < lf && !lineHasColon; i++) { // the colon ends a short name
        lineHasColon = bytes.getByte(i) == ':';
      }
    }
  }

  private void characters(ByteBuf bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes.getByte(i);
      if (b != CR) {
        character(b);
      }
    }
  }

  private void character(byte b) {
    if (!lineStarted && (b == ' ' || b == '\t')) {
      lineFolded = true;
    }
    lineStarted = true;
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
      if (!lineStarted) {
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
      lineStarted = false;
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
