package dev.roundhouse.proxy.forward;

import dev.roundhouse.proxy.forward.ResponseHeadCheck.InvalidResponseException;
import dev.roundhouse.proxy.http.HeaderList;
import dev.roundhouse.proxy.http.KnownHeaderNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Netty's response decoder for a backend connection, in place of the one inside {@code
 * HttpClientCodec}: the {@link BackendLink} tells it what each request was ({@link #expect}), so
 * that the response to a {@code HEAD} is read without a body whatever its headers say (the proxy
 * never forwards {@code CONNECT}, and sends one request at a time, so one method is all it needs to
 * know). It also takes the header names backends send on nearly every response from constants
 * instead of copying each into a new string, as Netty's request decoder does for a few request
 * headers, and the status line's common words ({@code HTTP/1.1}, the status code, {@code OK}) too.
 *
 * <p>Before it decodes a read, its {@link ResponseHeadCheck} looks at the bytes of a response head
 * for a header line without a colon. Such a head is reported as an {@link InvalidResponseException}
 * through {@code exceptionCaught}, and nothing of that read or later ones is decoded.
 */
final class BackendResponseDecoder extends HttpResponseDecoder {

  private static final String HTTP_1_1 = "HTTP/1.1";

  private static final String OK = "OK";

  /** The status codes 100 to 599 as text, by code - 100. */
  private static final String[] STATUS_CODES = statusCodes();

  private final ResponseHeadCheck headCheck = new ResponseHeadCheck();
  private boolean answersHead;
  private boolean broken;
  private @Nullable HttpMessage transferEncodingOf;
  private @Nullable List<String> transferEncoding;

  BackendResponseDecoder(HttpDecoderConfig config) {
    super(config);
  }

  /** A request went out: the response that comes next answers {@code method}. */
  void expect(HttpMethod method) {
    answersHead = HttpMethod.HEAD.equals(method);
    headCheck.expectResponse();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (broken) {
      ReferenceCountUtil.release(msg);
      return;
    }
    String problem = msg instanceof ByteBuf bytes ? headCheck.scan(bytes) : null;
    if (problem != null) {
      broken = true;
      ReferenceCountUtil.release(msg);
      ctx.fireExceptionCaught(new InvalidResponseException(problem));
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    int code = ((HttpResponse) msg).status().code();
    if (code >= 200 && answersHead) {
      keepTransferEncoding(msg);
      return true;
    }
    boolean empty = super.isContentAlwaysEmpty(msg);
    if (empty && code == 304) {
      keepTransferEncoding(msg);
    }
    return empty;
  }

  /**
   * Netty's decoder takes {@code chunked} out of a bodiless response's {@code Transfer-Encoding}.
   * The answer to a {@code HEAD} and a {@code 304} carry the header fields the full response would
   * have (RFC 9110, 9.3.2 and 15.4.5), so the client gets it as the backend sent it: noted here,
   * put back once the head is decoded.
   */
  private void keepTransferEncoding(HttpMessage msg) {
    List<String> encodings = msg.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!encodings.isEmpty()) {
      transferEncodingOf = msg;
      transferEncoding = encodings;
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
      throws Exception {
    super.decode(ctx, buffer, out);
    HttpMessage bodiless = transferEncodingOf;
    if (bodiless != null) {
      bodiless.headers().set(HttpHeaderNames.TRANSFER_ENCODING, transferEncoding);
      transferEncodingOf = null;
      transferEncoding = null;
    }
  }

  @Override
  protected String splitFirstWordInitialLine(byte[] line, int start, int length) {
    return length == HTTP_1_1.length() && sameBytes(HTTP_1_1, line, start)
        ? HTTP_1_1
        : super.splitFirstWordInitialLine(line, start, length);
  }

  @Override
  protected String splitSecondWordInitialLine(byte[] line, int start, int length) {
    int code = length == 3 ? threeDigits(line, start) : -1;
    return code >= 100 && code <= 599
        ? STATUS_CODES[code - 100]
        : super.splitSecondWordInitialLine(line, start, length);
  }

  @Override
  protected String splitThirdWordInitialLine(byte[] line, int start, int length) {
    return length == OK.length() && sameBytes(OK, line, start)
        ? OK
        : super.splitThirdWordInitialLine(line, start, length);
  }

  /**
   * A known name as its shared constant; any other is checked here (a token, not empty), since the
   * lists this decoder fills ({@link HeaderList#CHECKED_BY_DECODER}) do not check names.
   */
  @Override
  protected AsciiString splitHeaderName(byte[] line, int start, int length) {
    AsciiString known = KnownHeaderNames.RESPONSE.find(line, start, length);
    return known != null ? known : HeaderList.checkName(super.splitHeaderName(line, start, length));
  }

  private static boolean sameBytes(String known, byte[] line, int start) {
    for (int i = known.length() - 1; i >= 0; i--) {
      if (known.charAt(i) != line[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** The number the three digits at {@code start} spell, or -1 if one is not a digit. */
  private static int threeDigits(byte[] line, int start) {
    int code = 0;
    for (int i = start; i < start + 3; i++) {
      int digit = line[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      code = code * 10 + digit;
    }
    return code;
  }

  private static String[] statusCodes() {
    String[] codes = new String[500];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = Integer.toString(100 + i);
    }
    return codes;
  }
}
