package dev.roundhouse.proxy.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a response head with a header line that has no colon, before the HTTP codec reads it: the
 * codec takes {@code Foo bar} for a header {@code Foo} with an empty value, and the response would
 * reach the client as if it were well formed (RFC 9112 section 5: a field line is {@code name ":"
 * value}). Sits in front of the codec of a backend connection and looks only at the bytes of a
 * response head: from {@link #expectResponse} (a request went out) to the end of the final head
 * (after any interim 1xx heads; 101 ends it too, the bytes after it are not HTTP). A bad line is
 * reported as an {@link InvalidResponseException} through {@code exceptionCaught}, and nothing of
 * that read or later ones goes on.
 */
final class ResponseHeadCheck extends ChannelInboundHandlerAdapter {

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private boolean inHead;
  private boolean broken;
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

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (broken) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (inHead && msg instanceof ByteBuf bytes) {
      String problem = scan(bytes);
      if (problem != null) {
        broken = true;
        bytes.release();
        ctx.fireExceptionCaught(new InvalidResponseException(problem));
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** Scans {@code bytes} up to the end of the final head; returns what is wrong, or null. */
  private @Nullable String scan(ByteBuf bytes) {
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
