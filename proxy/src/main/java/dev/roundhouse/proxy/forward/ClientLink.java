package dev.roundhouse.proxy.forward;

import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The client connection as its exchange sees it. The connection owns the client channel: it reads
 * the request and hands the body on ({@link #pumpBody}), and it does every write to the client. The
 * exchange says what to write, and how its response ends: {@link #end}, {@link #fail}, {@link
 * #abort} or {@link #tunnel}, exactly once, after which the connection takes its next request,
 * closes, or carries a tunnel.
 */
public interface ClientLink {

  /** The event loop of the connection, on which the exchange and its backend connection run. */
  EventLoop eventLoop();

  /**
   * The exchange can take request body now (connected, or the backend drained its buffer): hand it
   * the queued body and read more from the client.
   */
  void pumpBody();

  /** Whether the client takes more of the response now (its write buffer is not full). */
  boolean writable();

  /** Writes a part of the response (an interim response, the head, a body part), not flushed. */
  void write(HttpObject part);

  /** Sends what was written. */
  void flush();

  /**
   * Writes the last part of the response, which ends the exchange.
   *
   * @param keepAlive whether the connection may serve another request
   */
  void end(LastHttpContent last, boolean keepAlive);

  /**
   * Answers with the proxy's own error response for {@code kind}, which ends the exchange before
   * any response started.
   *
   * @param head whether it answers a HEAD request (headers only)
   * @param keepAlive whether the connection may serve another request
   * @return the size of the response body, for the access log
   */
  long fail(FailureKind kind, String requestId, boolean head, boolean keepAlive);

  /** Closes the connection at once, which ends the exchange: a started response cannot finish. */
  void abort();

  /**
   * Switches the connection to a byte tunnel once the {@code 101} is written, which ends the
   * exchange: the HTTP handlers leave the pipeline, and from now on what the client sends goes to
   * {@code tunnel} as bytes.
   *
   * @return the client's end of the tunnel
   */
  TunnelEnd tunnel(Tunnel tunnel);
}
