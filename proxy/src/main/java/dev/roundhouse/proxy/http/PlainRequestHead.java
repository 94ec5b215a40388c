package dev.roundhouse.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpConstants;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads the commonest request head in one pass over its own bytes: a whole head in the buffer, the
 * request line as {@code METHOD SP target SP HTTP/1.x} with a method Netty knows by name, and
 * {@code name: value} fields, each line ending in CRLF, none of which gives the request a body.
 *
 * <p>The head's bytes are copied once into an array, and every header name the {@link
 * KnownHeaderNames#REQUEST} table does not hold, and every value, is an {@link AsciiString} over
 * that array: no string per field, and the encoder writes each with one copy of its bytes.
 *
 * <p>It accepts a strict subset of what Netty's decoder accepts, with the same result: the same
 * method, target, version, names and values (trimmed of the white space around them). Anything else
 * is left to Netty's decoder, byte for byte untouched: a head not yet all there, a bare LF or CR,
 * an obsolete line fold, white space before a colon, a control character, a byte outside ASCII in
 * the target, any other separator or version spelling, a line or header section near the limits,
 * and a {@code Content-Length}, {@code Transfer-Encoding} or {@code Sec-WebSocket-Key1}/{@code 2}
 * field, so that the body's framing and every refusal stay Netty's.
 */
public final class PlainRequestHead {

  private static final HttpMethod[] METHODS = {
    HttpMethod.GET,
    HttpMethod.HEAD,
    HttpMethod.POST,
    HttpMethod.PUT,
    HttpMethod.DELETE,
    HttpMethod.OPTIONS,
    HttpMethod.PATCH,
    HttpMethod.TRACE,
    HttpMethod.CONNECT
  };

  private static final AsciiString[] FRAMING = {
    HttpHeaderNames.CONTENT_LENGTH,
    HttpHeaderNames.TRANSFER_ENCODING,
    HttpHeaderNames.SEC_WEBSOCKET_KEY1,
    HttpHeaderNames.SEC_WEBSOCKET_KEY2
  };

  /** RFC 9110 section 5.6.2: the characters of a token (a method, a field name). */
  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  /** Room for the fields the proxy adds before forwarding, so that the list does not grow then. */
  private static final int ROOM_FOR_EDITS = 4;

  private static final byte CR = HttpConstants.CR;
  private static final byte LF = HttpConstants.LF;
  private static final byte SP = HttpConstants.SP;
  private static final byte HT = HttpConstants.HT;

  private PlainRequestHead() {}

  /**
   * The request whose head starts at {@code in}'s reader index, with the reader index moved past
   * the head; or null, with {@code in} untouched, when the head is not (yet) one this class reads.
   * The request line may take at most {@code maxRequestLine} bytes and the header fields at most
   * {@code maxHeaderSize}, each with its CRLF, as Netty's decoder counts them or less.
   */
  public static @Nullable HttpRequest read(ByteBuf in, int maxRequestLine, int maxHeaderSize) {
    int start = in.readerIndex();
    int lineEnd = in.indexOf(start, start + Math.min(in.readableBytes(), maxRequestLine), LF);
    if (lineEnd <= start || in.getByte(lineEnd - 1) != CR) {
      return null;
    }
    int fieldsStart = lineEnd + 1;
    int limit = fieldsStart + Math.min(in.writerIndex() - fieldsStart, maxHeaderSize);
    int fields = 0;
    int from = fieldsStart;
    while (true) {
      int lf = in.indexOf(from, limit, LF);
      if (lf <= from || in.getByte(lf - 1) != CR) {
        return null; // not all there, over the limit, or a bare LF
      }
      if (lf == from + 1) {
        break; // the empty line: the head's end
      }
      fields++;
      from = lf + 1;
    }
    byte[] head = new byte[from + 2 - start];
    in.getBytes(start, head);
    HttpRequest request = parse(head, fields);
    if (request != null) {
      in.readerIndex(start + head.length);
    }
    return request;
  }

  /**
   * The request in {@code head}, whose lines are known to end in LF; every scan below stops at a
   * CR, which ends each line, so none runs past the array.
   */
  private static @Nullable HttpRequest parse(byte[] head, int fields) {
    int at = 0;
    while (TOKEN[head[at] & 0xFF]) {
      at++;
    }
    HttpMethod method = head[at] == SP ? method(head, at) : null;
    if (method == null) {
      return null;
    }
    int targetStart = ++at;
    while (head[at] > SP && head[at] < 0x7F) {
      at++;
    }
    if (at == targetStart || head[at] != SP) {
      return null;
    }
    String target = new String(head, targetStart, at - targetStart, StandardCharsets.US_ASCII);
    HttpVersion version = version(head, at + 1);
    if (version == null) {
      return null;
    }
    at += 11; // SP, HTTP/1.x, CRLF
    HeaderList headers = new HeaderList(fields + ROOM_FOR_EDITS);
    for (int field = 0; field < fields; field++) {
      int nameStart = at;
      while (TOKEN[head[at] & 0xFF]) {
        at++;
      }
      if (at == nameStart || head[at] != ':') {
        return null;
      }
      AsciiString name = name(head, nameStart, at - nameStart);
      if (name == null) {
        return null;
      }
      at++;
      while (head[at] == SP || head[at] == HT) {
        at++;
      }
      int valueStart = at;
      int valueEnd = at;
      for (byte b = head[at]; b != CR; b = head[++at]) {
        if (b != HT && ((b & 0xFF) < SP || b == 0x7F)) {
          return null; // a control character: Netty's decoder refuses it
        }
        if (b != SP && b != HT) {
          valueEnd = at + 1;
        }
      }
      if (head[at + 1] != LF) {
        return null; // a bare CR
      }
      at += 2;
      headers.append(
          name,
          valueEnd == valueStart
              ? AsciiString.EMPTY_STRING
              : new AsciiString(head, valueStart, valueEnd - valueStart, false));
    }
    try {
      return new DefaultHttpRequest(version, method, target, headers); // checks the line again
    } catch (IllegalArgumentException e) {
      return null; // cannot happen with the bytes allowed above; Netty's decoder would say why
    }
  }

  /** The method spelled by the {@code length} bytes at the start of {@code head}, if known. */
  private static @Nullable HttpMethod method(byte[] head, int length) {
    for (HttpMethod method : METHODS) {
      AsciiString name = method.asciiName();
      if (name.length() == length && sameBytes(name, head, 0)) {
        return method;
      }
    }
    return null;
  }

  /** {@code HTTP/1.1} or {@code HTTP/1.0} and CRLF at {@code at}, exactly; else null. */
  private static @Nullable HttpVersion version(byte[] head, int at) {
    if (head.length - at < 10 || head[at + 8] != CR || head[at + 9] != LF) {
      return null;
    }
    if (sameBytes(HTTP_1_1, head, at)) {
      return HttpVersion.HTTP_1_1;
    }
    return sameBytes(HTTP_1_0, head, at) ? HttpVersion.HTTP_1_0 : null;
  }

  private static final AsciiString HTTP_1_1 = AsciiString.cached("HTTP/1.1");
  private static final AsciiString HTTP_1_0 = AsciiString.cached("HTTP/1.0");

  /**
   * The field name at {@code start}: a shared constant when the table holds it, else a view of the
   * head's bytes; null for a name that frames a body, which Netty's decoder reads.
   */
  private static @Nullable AsciiString name(byte[] head, int start, int length) {
    AsciiString name = KnownHeaderNames.REQUEST.find(head, start, length);
    if (name == null) {
      name = new AsciiString(head, start, length, false);
    }
    for (AsciiString framing : FRAMING) {
      if (framing.length() == length && framing.contentEqualsIgnoreCase(name)) {
        return null;
      }
    }
    return name;
  }

  private static boolean sameBytes(AsciiString expected, byte[] bytes, int at) {
    byte[] array = expected.array();
    int offset = expected.arrayOffset();
    for (int i = 0; i < expected.length(); i++) {
      if (array[offset + i] != bytes[at + i]) {
        return false;
      }
    }
    return true;
  }
}
