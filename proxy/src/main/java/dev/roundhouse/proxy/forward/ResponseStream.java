package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;

/**
 * The response half of an exchange: what of the backend's response goes to the client, framed for
 * it, and what went out so far. It writes through the {@link ClientLink}; decoding errors, failures
 * and the end of the response are the exchange's business.
 *
 * <p>The final head is held back until its first body bytes, its end, or the end of the backend
 * read that brought it ({@link #sendHead}): a body that turns out broken in that same read still
 * lets the client get a 502 instead of a cut response.
 */
final class ResponseStream {

  private final ClientLink client;
  private final String requestId;
  private final boolean head;
  private final boolean http10;
  private boolean interim;
  private boolean received;
  private @Nullable HttpResponse heldHead;
  private boolean started;
  private boolean backendKeepAlive;
  private boolean closeClient;
  private int status;
  private long bytesSent;

  ResponseStream(ClientLink client, String requestId, boolean head, boolean http10) {
    this.client = requireNonNull(client, "client");
    this.requestId = requireNonNull(requestId, "requestId");
    this.head = head;
    this.http10 = http10;
  }

  /**
   * Relays a response head: an interim one (1xx; not to HTTP/1.0 clients, RFC 9110 15.2), after
   * which the final one follows, or the final one.
   *
   * @param close whether the client connection closes after the response anyway
   * @return true for the final head
   */
  boolean head(HttpResponse response, boolean close) {
    if (response.status().code() < 200) {
      interim = true;
      if (!http10) {
        HeaderRewriter.rewriteResponse(response, requestId);
        client.write(response);
      }
      return false;
    }
    received = true;
    status = response.status().code();
    backendKeepAlive = HttpUtil.isKeepAlive(response);
    closeClient = ResponseFraming.prepare(response, requestId, head, http10, close);
    heldHead = response;
    return true;
  }

  /** Writes the final head if it is still held back; the backend read that brought it is over. */
  void sendHead() {
    if (heldHead != null) {
      client.write(heldHead);
      heldHead = null;
      started = true;
    }
  }

  /**
   * Relays a {@code 101 Switching Protocols} that takes up the request's upgrade offer, and sends
   * it: the last the client's HTTP codec writes before the connection becomes a tunnel.
   */
  void switchProtocols(HttpResponse response) {
    started = true;
    status = response.status().code();
    UpgradeOffer.rewriteSwitch(response, requestId);
    client.write(response);
    client.write(LastHttpContent.EMPTY_LAST_CONTENT);
    client.flush();
  }

  /**
   * Relays a part of the body, except the last, which is returned for the exchange to end the
   * response with.
   *
   * @return the last part of the final response; null for every other part
   */
  @Nullable LastHttpContent content(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (interim || !received) {
      content.release();
      if (interim && last) {
        interim = false;
        if (!http10) {
          client.write(LastHttpContent.EMPTY_LAST_CONTENT);
          client.flush();
        }
      }
      return null;
    }
    bytesSent += content.content().readableBytes();
    if (last && heldHead != null) {
      return whole(heldHead, (LastHttpContent) content);
    }
    sendHead();
    if (last) {
      return (LastHttpContent) content;
    }
    client.write(content);
    return null;
  }

  /**
   * The response in one message, when its end came with its head (most small responses): the
   * client's encoder writes head and a small body into one buffer, one write and one system call
   * instead of two buffers through the pipeline.
   */
  private LastHttpContent whole(HttpResponse head, LastHttpContent last) {
    heldHead = null;
    started = true;
    return new DefaultFullHttpResponse(
        head.protocolVersion(),
        head.status(),
        last.content(),
        head.headers(),
        last.trailingHeaders());
  }

  /** Whether the final response head went to the client (not only arrived from the backend). */
  boolean started() {
    return started;
  }

  /** The status of the final response, 0 before it. */
  int status() {
    return status;
  }

  /** Body bytes relayed so far. */
  long bytesSent() {
    return bytesSent;
  }

  /** Whether the backend keeps its connection open after this response. */
  boolean backendKeepAlive() {
    return backendKeepAlive;
  }

  /** Whether the client connection closes after this response (its head said so). */
  boolean closeClient() {
    return closeClient;
  }
}
